package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.api.RestartPolicy;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.checkpoint.Instrumenter;

/**
 * What kernels do at check points, with components instrumented as the loader instruments them, on real kernel
 * threads: the watchdog stops a runaway handler and the component restarts while its kernel goes on; on L2 a
 * higher-priority event runs nested inside a long handler, which on L1 waits for it.
 */
public class CheckPointKernelTest {

    /** The protocol. */
    public enum Cmd {
        SPIN, PING, WORK, TICK
    }

    /** What the instrumented copies (classes of their own, in their own loader) and the test share. */
    public static final class Shared {
        public static final AtomicLong PINGS = new AtomicLong();
        public static final AtomicLong PROGRESS = new AtomicLong();

        /** Counted down when Runaway handles a PING, and when Low's handler returns. */
        public static volatile CountDownLatch pinged = new CountDownLatch(1);
        public static volatile CountDownLatch lowDone = new CountDownLatch(1);

        private Shared() {
        }
    }

    /** Spins forever on SPIN; counts PINGs. */
    public static final class Runaway implements Component<Cmd> {
        private long spins;

        @Override
        public void onMessage(final Context<Cmd> ctx, final Cmd message) {
            if (message == Cmd.SPIN) {
                while (true) {
                    spins++;
                }
            }
            Shared.PINGS.incrementAndGet();
            Shared.pinged.countDown();
        }
    }

    /** Counts down a latch for each message. */
    static final class Bystander implements Component<Cmd> {
        private final CountDownLatch latch;

        Bystander(final CountDownLatch latch) {
            this.latch = latch;
        }

        @Override
        public void onMessage(final Context<Cmd> ctx, final Cmd message) {
            latch.countDown();
        }
    }

    /** Works for 300 ms on WORK, counting its progress. */
    public static final class Low implements Component<Cmd> {
        @Override
        public void onMessage(final Context<Cmd> ctx, final Cmd message) {
            final long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() - end < 0) {
                Shared.PROGRESS.incrementAndGet();
            }
            Shared.lowDone.countDown();
        }
    }

    /** At a timer 50 ms after its start, notes how far Low got. */
    @Manifest(name = "high", groups = {ApiGroup.CORE, ApiGroup.TIMERS})
    static final class High implements Component<Cmd> {
        static final AtomicLong SEEN = new AtomicLong(-1);
        static volatile CountDownLatch ticked;

        @Override
        public void onStart(final Context<Cmd> ctx) {
            ctx.after(Duration.ofMillis(50), Cmd.TICK);
        }

        @Override
        public void onMessage(final Context<Cmd> ctx, final Cmd message) {
            SEEN.set(Shared.PROGRESS.get());
            ticked.countDown();
        }
    }

    @Test
    @Timeout(30)
    void shouldStopARunawayHandlerAndRestartItsComponentWhileTheKernelGoesOn(
            @org.junit.jupiter.api.io.TempDir final java.nio.file.Path journal) throws Exception {
        final Supplier<Component<Cmd>> runaway = instrumented(Runaway.class);
        Shared.PINGS.set(0);
        Shared.pinged = new CountDownLatch(1);
        final CountDownLatch bystanderRan = new CountDownLatch(1);
        try (Node node = new Node(new NodeSettings().kernels(1).watchdog(Duration.ofMillis(100))
                .journal(dev.lepus.kernel.journal.JournalSettings.file(journal)))) {
            final var r = node.spawn(Spawn.<Cmd>of("runaway", runaway)
                .restart(RestartPolicy.restart(5, Duration.ofSeconds(10))));
            final var b = node.spawn(Spawn.<Cmd>of("bystander", () -> new Bystander(bystanderRan)));
            node.start();
            node.tell(r, Cmd.SPIN);
            node.tell(b, Cmd.PING);
            assertTrue(bystanderRan.await(10, TimeUnit.SECONDS), "the kernel went on after the watchdog");
            node.tell(r, Cmd.PING);
            assertTrue(Shared.pinged.await(10, TimeUnit.SECONDS), "the restarted component handles messages again");
            assertEquals(1, Shared.PINGS.get());
            final KernelCounters counters = node.kernels()[0].counters();
            assertEquals(1, counters.watchdogStops);
            assertEquals(1, counters.restarts);
        }
        final Replayer.Result replay = Replayer.replay(journal, new Replayer.Options()
            .factory(name -> name.endsWith("Bystander") ? new Bystander(new CountDownLatch(1)) : null));
        assertTrue(replay.ok(), "the stopped handler is not run again, the rest replays: " + replay);
    }

    @Test
    @Timeout(30)
    void shouldRunAHigherPriorityEventNestedOnL2AndAfterTheLongHandlerOnL1() throws Exception {
        final long[] onL2 = highSawLowAt(KernelLevel.L2, 10);
        assertTrue(onL2[0] > 0 && onL2[0] < onL2[1] / 2, "on L2 the timer's handler ran inside Low's 300 ms: "
            + onL2[0] + " of " + onL2[1]);
        final long[] onL1 = highSawLowAt(KernelLevel.L1, 10);
        assertEquals(onL1[1], onL1[0], "on L1 it waited until Low's handler returned");
    }

    @Test
    @Timeout(30)
    void shouldYieldALongHandlerToSamePriorityComponentsOnL3() throws Exception {
        final long[] r = highSawLowAt(KernelLevel.L3, 1);
        final long seen = r[0];
        final long total = r[1];
        assertTrue(seen > 0 && seen < total / 2, "on L3 the long handler yielded at the end of its slices and the "
            + "timer's handler, at the same priority, ran in between: " + seen + " of " + total);
    }

    /** Runs Low's 300 ms handler and High's 50 ms timer on one kernel: what High saw of Low's progress, and its total. */
    private static long[] highSawLowAt(final KernelLevel level, final int highPriority) throws Exception {
        final Supplier<Component<Cmd>> low = instrumented(Low.class);
        Shared.PROGRESS.set(0);
        Shared.lowDone = new CountDownLatch(1);
        High.ticked = new CountDownLatch(1);
        try (Node node = new Node(new NodeSettings().kernels(1).level(0, level))) {
            final var l = node.spawn(Spawn.<Cmd>of("low", low).priority(1));
            node.spawn(Spawn.<Cmd>of("high", High::new).priority(highPriority));
            node.tell(l, Cmd.WORK);
            node.start();
            assertTrue(High.ticked.await(10, TimeUnit.SECONDS));
            assertTrue(Shared.lowDone.await(10, TimeUnit.SECONDS));
        }
        return new long[] {High.SEEN.get(), Shared.PROGRESS.get()};
    }

    /** The class, instrumented with check points as the loader does, in a loader of its own. */
    @SuppressWarnings("unchecked")
    private static Supplier<Component<Cmd>> instrumented(final Class<?> type) throws Exception {
        final String resource = type.getName().replace('.', '/') + ".class";
        final byte[] bytes;
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
            bytes = Instrumenter.instrument(in.readAllBytes());
        }
        final ClassLoader loader = new ClassLoader(type.getClassLoader()) {
            @Override
            protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (name.equals(type.getName())) {
                        Class<?> c = findLoadedClass(name);
                        if (c == null) {
                            c = defineClass(name, bytes, 0, bytes.length);
                        }
                        return c;
                    }
                    return super.loadClass(name, resolve);
                }
            }
        };
        final Class<?> copy = loader.loadClass(type.getName());
        assertTrue(Instrumenter.countCheckPoints(bytes) > 0);
        final var ctor = copy.getDeclaredConstructor();
        return () -> {
            try {
                return (Component<Cmd>) ctor.newInstance();
            } catch (final ReflectiveOperationException ex) {
                throw new IllegalStateException(ex);
            }
        };
    }
}
