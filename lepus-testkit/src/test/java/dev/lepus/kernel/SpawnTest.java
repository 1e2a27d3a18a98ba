package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;
import dev.lepus.testkit.Probe;
import dev.lepus.testkit.TestNode;

/** Spawning and stopping children, on the same kernel and on others. */
class SpawnTest {

    /** Spawns a child on a kernel and immediately sends it messages; stops it on N(-1). */
    static final class Parent implements Component<Msg> {
        final int childKernel;
        final List<String> trace;
        final List<SendResult> results = new ArrayList<>();
        Cap<Msg> child;

        Parent(final int childKernel, final List<String> trace) {
            this.childKernel = childKernel;
            this.trace = trace;
        }

        @Override
        public void onStart(final Context<Msg> ctx) {
            child = ctx.spawn(Spawn.<Msg>of("child", () -> new Component<Msg>() {
                @Override
                public void onStart(final Context<Msg> c) {
                    trace.add("child started");
                }

                @Override
                public void onMessage(final Context<Msg> c, final Msg m) {
                    trace.add("child:" + m);
                }

                @Override
                public void onStop(final Context<Msg> c) {
                    trace.add("child stopped");
                }
            }).onKernel(childKernel));
            results.add(ctx.send(child, new Msg.N(1)));
            results.add(ctx.send(child, new Msg.N(2)));
        }

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg m) {
            if (m instanceof Msg.N n && n.n() == -1) {
                trace.add("stop returned " + ctx.stop(child));
            } else {
                results.add(ctx.send(child, m));
            }
        }
    }

    @Test
    void shouldStartChildBeforeItsFirstMessageOnAnyKernel() {
        for (int k = 0; k < 2; k++) {
            final List<String> trace = new ArrayList<>();
            try (TestNode node = TestNode.withKernels(2)) {
                node.spawn(Spawn.<Msg>of("parent", () -> new Parent(0, trace)).onKernel(1 - k));
                node.runUntilIdle();
            }
            assertEquals(List.of("child started", "child:1", "child:2", "child stopped"), trace, "k=" + k);
        }
    }

    @Test
    void shouldStopChildOnRequestAndRefuseLaterSends() {
        final List<String> trace = new ArrayList<>();
        try (TestNode node = TestNode.withKernels(2)) {
            final Parent parent = new Parent(1, trace);
            final Cap<Msg> p = node.spawn(Spawn.<Msg>of("parent", () -> parent).onKernel(0));
            node.runUntilIdle();
            node.tell(p, new Msg.N(-1));
            node.runUntilIdle();
            node.tell(p, new Msg.N(3));
            node.runUntilIdle();
            assertEquals(List.of("child started", "child:1", "child:2", "stop returned true", "child stopped"), trace);
            assertEquals(List.of(SendResult.OK, SendResult.OK, SendResult.STOPPED), parent.results);
        }
    }

    @Test
    void shouldSpreadChildrenRoundRobinOverKernels() {
        try (TestNode node = TestNode.withKernels(2)) {
            final Probe<Long> where = node.probe("where");
            node.spawn(Spawn.<Msg>of("spreader", () -> new Component<Msg>() {
                @Override
                public void onStart(final Context<Msg> ctx) {
                    for (int i = 0; i < 6; i++) {
                        ctx.spawn(Spawn.<Msg>of("c" + i, () -> new Component<Msg>() {
                            @Override
                            public void onStart(final Context<Msg> c) {
                                c.send(where.cap(), 1L);
                            }

                            @Override
                            public void onMessage(final Context<Msg> c, final Msg m) {
                            }
                        }));
                    }
                }

                @Override
                public void onMessage(final Context<Msg> ctx, final Msg m) {
                }
            }).onKernel(0));
            node.runUntilIdle();
            assertEquals(6, where.messages().size());
            assertEquals(3, node.node().kernels()[0].componentCount() - 2, "probe and spreader are on kernel 0");
            assertEquals(3, node.node().kernels()[1].componentCount());
        }
    }

    @Test
    void shouldRefusePlacementOnMissingKernelWithClearError() {
        try (TestNode node = TestNode.withKernels(2)) {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> node.spawn(Spawn.<Msg>of("x", () -> (ctx, m) -> { }).onKernel(5)));
            assertTrue(ex.getMessage().contains("cannot place component 'x' on kernel 5"), ex.getMessage());
        }
    }
}
