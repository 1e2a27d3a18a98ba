package dev.lepus.bench.suite;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.RestartPolicy;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.Kernel;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;

/**
 * Lepus spawning: the time to spawn and start a component, and the heap an idle component keeps.
 *
 * <p>Thread contract: called from the harness thread, one run at a time.
 */
final class Spawning {

    /** Components spawned to measure the heap per component. */
    static final int IDLE_COMPONENTS = 100_000;

    /** Written by the kernel thread; read by the harness after the node exited. */
    private static volatile long startNs;
    private static volatile long endNs;
    /** Children started so far; only the one kernel thread of the run touches it. */
    private static int started;

    private Spawning() {
    }

    /**
     * The time per spawn: a parent on a one-kernel node spawns {@code 100,000 * scale} children in its
     * {@code onStart}; the clock stops when the last child's {@code onStart} ran.
     *
     * @param scale 1 for quick, larger for a full run
     * @return nanoseconds per spawned and started component
     */
    static Measurement spawn(final int scale) {
        final int n = 100_000 * scale;
        LepusRun.run(1, node -> node.spawn(Spawn.<Object>of("spawner", () -> new Spawner(n)).onKernel(0)
            .restart(RestartPolicy.escalate())));
        return Measurement.per(endNs - startNs, n, "ns");
    }

    /**
     * The heap per idle component: on a hand-stepped one-kernel node, a parent spawns {@value #IDLE_COMPONENTS} idle
     * children; the used heap is measured after full collections before and after.
     *
     * @param scale ignored: the count is fixed
     * @return bytes per idle component
     */
    static Measurement bytesPerComponent(final int scale) {
        final int n = IDLE_COMPONENTS;
        final Node node = new Node(new NodeSettings().kernels(1).manual(true));
        try {
            final Kernel kernel = node.kernels()[0];
            kernel.bindToCurrentThread();
            node.start();
            final long before = Heap.used();
            node.spawn(Spawn.<Object>of("parent", () -> new Parent(n)).onKernel(0));
            while (kernel.doWork() > 0) {
                // every child starts in the cycle after its spawn; step until nothing is left to do
            }
            final long after = Heap.used();
            if (kernel.componentCount() != n + 1) {
                throw new IllegalStateException("expected " + (n + 1) + " components, found "
                    + kernel.componentCount());
            }
            return Measurement.per(after - before, n, "bytes");
        } finally {
            node.close();
        }
    }

    /** Spawns {@code n} children at start; the last child to start stops the clock and the system. */
    static final class Spawner implements Component<Object> {
        private final int n;

        Spawner(final int n) {
            this.n = n;
        }

        @Override
        public void onStart(final Context<Object> ctx) {
            final Spawn<Object> child = Spawn.<Object>of("child", () -> new Child(n)).onKernel(0)
                .restart(RestartPolicy.escalate());
            started = 0;
            startNs = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ctx.spawn(child);
            }
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
        }
    }

    /** Counts itself in at start; the last one ends the run. */
    static final class Child implements Component<Object> {
        private final int n;

        Child(final int n) {
            this.n = n;
        }

        @Override
        public void onStart(final Context<Object> ctx) {
            if (++started == n) {
                endNs = System.nanoTime();
                ctx.shutdown(0);
            }
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
        }
    }

    /** Spawns {@code n} idle children at start. */
    static final class Parent implements Component<Object> {
        private final int n;

        Parent(final int n) {
            this.n = n;
        }

        @Override
        public void onStart(final Context<Object> ctx) {
            final Spawn<Object> idle = Spawn.<Object>of("idle", Idle::new).onKernel(0);
            for (int i = 0; i < n; i++) {
                ctx.spawn(idle);
            }
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
        }
    }

    /** A component that does nothing: what an idle component costs is the kernel's share. */
    static final class Idle implements Component<Object> {
        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
        }
    }
}
