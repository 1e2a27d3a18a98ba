package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.RestartPolicy;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.clock.ManualClock;
import dev.lepus.testkit.TestNode;

/** Bounded queues: a send that cannot be accepted is refused to the sender and counted, never dropped. */
class RefusalTest {

    /** Sends {@code count} numbered messages to its target in one handler and tallies the results. */
    static final class Flooder implements Component<Msg> {
        final Cap<Msg> target;
        final int count;
        final Map<SendResult, Integer> results = new EnumMap<>(SendResult.class);

        Flooder(final Cap<Msg> target, final int count) {
            this.target = target;
            this.count = count;
        }

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg m) {
            for (int i = 0; i < count; i++) {
                results.merge(ctx.send(target, new Msg.N(i)), 1, Integer::sum);
            }
        }
    }

    @Test
    void shouldRefuseSendWhenMailboxIsFullAndDeliverTheRest() {
        final List<String> trace = TraceComponent.newTrace();
        try (TestNode node = new TestNode(new NodeSettings().kernels(1).mailboxCapacity(16))) {
            final Cap<Msg> sink = node.spawn(Spawn.<Msg>of("sink", () -> new TraceComponent<>("s", trace)));
            final Flooder flooder = new Flooder(sink, 20);
            final Cap<Msg> f = node.spawn(Spawn.<Msg>of("flooder", () -> flooder).priority(5));
            node.runUntilIdle();
            node.tell(f, new Msg.N(0));
            node.runUntilIdle();
            assertEquals(Map.of(SendResult.OK, 16, SendResult.FULL, 4), flooder.results);
            assertEquals(16, trace.size(), "every accepted message is delivered");
            assertEquals(4, node.node().kernels()[0].counters().refusedFull);
        }
    }

    @Test
    void shouldRefuseSendWhenChannelIsFullAndLoseNothingAccepted() {
        final List<String> trace = TraceComponent.newTrace();
        try (TestNode node = new TestNode(new NodeSettings().kernels(2).channelCapacity(8).mailboxCapacity(4))) {
            final Cap<Msg> sink = node.spawn(Spawn.<Msg>of("sink", () -> new TraceComponent<>("s", trace)).onKernel(1));
            final Flooder flooder = new Flooder(sink, 100);
            final Cap<Msg> f = node.spawn(Spawn.<Msg>of("flooder", () -> flooder).onKernel(0));
            node.runUntilIdle();
            node.tell(f, new Msg.N(0));
            node.runUntilIdle();
            assertEquals(Map.of(SendResult.OK, 8, SendResult.FULL, 92), flooder.results);
            assertEquals(8, trace.size());
            for (int i = 0; i < 8; i++) {
                assertEquals("s:" + i, trace.get(i), "FIFO across backpressure");
            }
        }
    }

    @Test
    void shouldRefuseMutableMessageTypeAtFirstSendWithClearError() {
        final List<String> errors = new ArrayList<>();
        try (TestNode node = TestNode.withKernels(1)) {
            final Cap<Object> sink = node.spawn(Spawn.<Object>of("sink", () -> new TraceComponent<>("s", new ArrayList<>())));
            node.spawn(Spawn.<Object>of("sender", () -> new Component<Object>() {
                @Override
                public void onStart(final Context<Object> ctx) {
                    try {
                        ctx.send(sink, new Mutable());
                    } catch (final IllegalArgumentException ex) {
                        errors.add(ex.getMessage());
                    }
                    try {
                        ctx.send(sink, new HoldsList(new ArrayList<>()));
                    } catch (final IllegalArgumentException ex) {
                        errors.add(ex.getMessage());
                    }
                }

                @Override
                public void onMessage(final Context<Object> ctx, final Object m) {
                }
            }).restart(RestartPolicy.stop()));
            node.runUntilIdle();
        }
        assertEquals(2, errors.size());
        assertTrue(errors.get(0).contains(Mutable.class.getName()) && errors.get(0).contains("not a known immutable"),
            errors.get(0));
        assertTrue(errors.get(1).contains("HoldsList.items"), errors.get(1));
    }

    /** Not a record: refused. */
    static final class Mutable {
        int value;
    }

    /**
     * A record with a mutable component: refused.
     *
     * @param items a mutable list
     */
    record HoldsList(ArrayList<String> items) {
    }

    @Test
    void shouldAcceptNestedRecordsEnumsAndCaps() {
        MessageTypes.check(Nested.class);
        MessageTypes.check(Msg.Ask.class);
        MessageTypes.check(Thread.State.class);
    }

    /**
     * Accepted: records of values, enums, caps.
     *
     * @param inner a record
     * @param state an enum
     * @param cap a cap
     */
    record Nested(Msg.N inner, Thread.State state, Cap<Msg> cap) {
    }

    /**
     * A record with collection components: accepted when the values are immutable collections.
     *
     * @param names strings
     * @param peers caps
     * @param weights a map
     */
    record Roster(List<String> names, List<Cap<Msg>> peers, Map<String, Long> weights) {
    }

    @Test
    void shouldAcceptImmutableCollectionsAndRefuseMutableOnesAtEverySend() {
        final List<String> outcomes = new ArrayList<>();
        final List<Object> delivered = new ArrayList<>();
        try (TestNode node = TestNode.withKernels(1)) {
            final Cap<Object> sink = node.spawn(Spawn.<Object>of("sink", () -> (ctx, m) -> delivered.add(m)));
            node.spawn(Spawn.<Object>of("sender", () -> new Component<Object>() {
                @Override
                public void onStart(final Context<Object> ctx) {
                    final List<Cap<Msg>> none = List.of();
                    outcomes.add(String.valueOf(ctx.send(sink, new Roster(List.of("a", "b"), none,
                        Map.of("x", 1L)))));
                    try {
                        ctx.send(sink, new Roster(new ArrayList<>(List.of("a")), none, Map.of()));
                    } catch (final IllegalArgumentException ex) {
                        outcomes.add(ex.getMessage());
                    }
                    outcomes.add(String.valueOf(ctx.send(sink, new Roster(java.util.stream.Stream.of("c").toList(),
                        none, Map.of()))));
                }

                @Override
                public void onMessage(final Context<Object> ctx, final Object m) {
                }
            }));
            node.runUntilIdle();
        }
        assertEquals(3, outcomes.size(), outcomes.toString());
        assertEquals("OK", outcomes.get(0));
        assertTrue(outcomes.get(1).contains("Roster.names is a java.util.ArrayList, which is mutable"),
            outcomes.get(1));
        assertEquals("OK", outcomes.get(2));
        assertEquals(2, delivered.size());
    }

    @Test
    void shouldCountMessagesLeftInMailboxesAtShutdown() {
        final ManualClock clock = new ManualClock(0);
        final NodeSettings settings = new NodeSettings().kernels(1).manual(true).clock(clock);
        final Node node = new Node(settings);
        final TestNode test = new TestNode(node, clock);
        final Cap<Msg> sink = test.spawn(Spawn.<Msg>of("sink", () -> new TraceComponent<>("s", new ArrayList<>())));
        test.runUntilIdle();
        for (int i = 0; i < 5; i++) {
            test.tell(sink, new Msg.N(i));
        }
        node.kernels()[0].doWork(); // runs the commands (enqueue) and dispatches up to the limit
        final ShutdownReport report = test.stop();
        assertEquals(5, report.delivered() + report.undeliveredInMailboxes());
    }
}
