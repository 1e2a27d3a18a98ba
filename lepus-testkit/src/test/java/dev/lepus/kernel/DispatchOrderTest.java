package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Spawn;
import dev.lepus.testkit.TestNode;

/** The L1 kernel's dispatch order: priorities first, FIFO per sender, round-robin among equals. */
class DispatchOrderTest {

    @Test
    void shouldRunHigherPriorityComponentFirst() {
        final List<String> trace = TraceComponent.newTrace();
        try (TestNode node = TestNode.withKernels(1)) {
            final Cap<Msg> low = node.spawn(Spawn.<Msg>of("low", () -> new TraceComponent<>("low", trace)).priority(1));
            final Cap<Msg> high = node.spawn(Spawn.<Msg>of("high", () -> new TraceComponent<>("high", trace)).priority(9));
            node.runUntilIdle();
            node.tell(low, new Msg.N(1));
            node.tell(low, new Msg.N(2));
            node.tell(high, new Msg.N(3));
            node.runUntilIdle();
            assertEquals(List.of("high:3", "low:1", "low:2"), trace);
        }
    }

    @Test
    void shouldPreemptLowerPriorityBetweenEvents() {
        final List<String> trace = TraceComponent.newTrace();
        try (TestNode node = TestNode.withKernels(1)) {
            final Cap<Msg> high = node.spawn(Spawn.<Msg>of("high", () -> new TraceComponent<>("high", trace)).priority(5));
            // low sends to high while handling its first message: high must run before low's second message.
            final Cap<Msg> low = node.spawn(Spawn.<Msg>of("low", () -> new TraceComponent<Msg>("low", trace,
                (ctx, m) -> ctx.send(high, new Msg.N(((Msg.N) m).n() * 10)))).priority(1));
            node.runUntilIdle();
            node.tell(low, new Msg.N(1));
            node.tell(low, new Msg.N(2));
            node.runUntilIdle();
            assertEquals(List.of("low:1", "high:10", "low:2", "high:20"), trace);
        }
    }

    @Test
    void shouldDeliverInFifoOrderPerSender() {
        final List<String> trace = TraceComponent.newTrace();
        try (TestNode node = TestNode.withKernels(2)) {
            final Cap<Msg> sink = node.spawn(Spawn.<Msg>of("sink", () -> new TraceComponent<>("s", trace)).onKernel(1));
            final Cap<Msg> src = node.spawn(Spawn.<Msg>of("src", () -> new TraceComponent<Msg>("src", trace, (ctx, m) -> {
                for (int i = 0; i < 1000; i++) {
                    ctx.send(sink, new Msg.N(i));
                }
            })).onKernel(0));
            node.runUntilIdle();
            node.tell(src, new Msg.N(-1));
            node.runUntilIdle();
            assertEquals(1001, trace.size());
            for (int i = 0; i < 1000; i++) {
                assertEquals("s:" + i, trace.get(i + 1));
            }
        }
    }

    @Test
    void shouldShareKernelRoundRobinAmongEqualPriorities() {
        final List<String> trace = TraceComponent.newTrace();
        try (TestNode node = TestNode.withKernels(1)) {
            final Cap<Msg> a = node.spawn(Spawn.<Msg>of("a", () -> new TraceComponent<>("a", trace)));
            final Cap<Msg> b = node.spawn(Spawn.<Msg>of("b", () -> new TraceComponent<>("b", trace)));
            node.runUntilIdle();
            final int n = Kernel.BURST * 3;
            for (int i = 0; i < n; i++) {
                node.tell(a, new Msg.N(i));
                node.tell(b, new Msg.N(i));
            }
            node.runUntilIdle();
            assertEquals(2 * n, trace.size());
            // After one burst of a, b must have run before a's last message.
            assertEquals("b:0", trace.get(Kernel.BURST));
        }
    }

    @Test
    void shouldGiveEachComponentItsOwnDeterministicRandomStream() {
        final long[] first = new long[2];
        final long[] second = new long[2];
        for (final long[] out : List.of(first, second)) {
            try (TestNode node = TestNode.withKernels(2)) {
                for (int k = 0; k < 2; k++) {
                    final int slot = k;
                    node.spawn(Spawn.<Msg>of("r" + k, () -> new Component<Msg>() {
                        @Override
                        public void onStart(final Context<Msg> ctx) {
                            out[slot] = ctx.random();
                        }

                        @Override
                        public void onMessage(final Context<Msg> ctx, final Msg m) {
                        }
                    }).onKernel(k));
                }
                node.runUntilIdle();
            }
        }
        assertEquals(first[0], second[0]);
        assertEquals(first[1], second[1]);
        assertNotEquals(first[0], first[1]);
    }
}
