package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.RestartPolicy;
import dev.lepus.api.Spawn;
import dev.lepus.testkit.TestNode;

/** Ask: replies, and every way an ask fails, on one kernel and across kernels. */
class AskTest {

    /** Answers Ask(v) with v * 2; throws on Boom-valued asks (value 13); ignores value 7. */
    static final class Doubler implements Component<Msg> {
        @Override
        public void onMessage(final Context<Msg> ctx, final Msg m) {
            if (m instanceof Msg.Ask a) {
                if (a.value() == 13) {
                    throw new IllegalStateException("unlucky");
                }
                if (a.value() != 7) {
                    ctx.send(a.replyTo(), a.value() * 2);
                }
            }
        }
    }

    /** Asks its target when told, and records the outcome with the virtual time. */
    static final class Asker implements Component<Msg> {
        final Cap<Msg> target;
        final List<String> outcomes;

        Asker(final Cap<Msg> target, final List<String> outcomes) {
            this.target = target;
            this.outcomes = outcomes;
        }

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg m) {
            final long v = ((Msg.N) m).n();
            ctx.<Msg, Long>ask(target, reply -> new Msg.Ask(v, reply), Duration.ofMillis(50))
                .onSuccess(r -> outcomes.add("ok " + r))
                .onFailure(f -> outcomes.add(f.reason() + "@" + ctx.nowNs() / 1_000_000));
        }
    }

    private static List<String> askOnce(final int kernels, final long value, final Consumer<TestNode> before) {
        final List<String> outcomes = new ArrayList<>();
        try (TestNode node = TestNode.withKernels(kernels)) {
            final Cap<Msg> doubler = node.spawn(Spawn.of("doubler", Doubler::new).onKernel(kernels - 1)
                .restart(RestartPolicy.stop()));
            final Cap<Msg> asker = node.spawn(Spawn.<Msg>of("asker", () -> new Asker(doubler, outcomes)).onKernel(0));
            node.runUntilIdle();
            before.accept(node);
            node.tell(asker, new Msg.N(value));
            node.runUntilIdle();
            node.advance(Duration.ofMillis(100));
        }
        return outcomes;
    }

    @ParameterizedTest(name = "kernels={0}")
    @ValueSource(ints = {1, 2})
    void shouldCompletePromiseWithReply(final int kernels) {
        assertEquals(List.of("ok 42"), askOnce(kernels, 21, n -> { }));
    }

    @ParameterizedTest(name = "kernels={0}")
    @ValueSource(ints = {1, 2})
    void shouldFailWithTimeoutAfterExactlyTheTimeout(final int kernels) {
        assertEquals(List.of("TIMEOUT@50"), askOnce(kernels, 7, n -> { }));
    }

    @ParameterizedTest(name = "kernels={0}")
    @ValueSource(ints = {1, 2})
    void shouldFailWhenCalleeThrows(final int kernels) {
        assertEquals(List.of("CALLEE_FAILED@0"), askOnce(kernels, 13, n -> { }));
    }

    @Test
    void shouldRefuseAskToStoppedCallee() {
        final List<String> outcomes = new ArrayList<>();
        try (TestNode node = TestNode.withKernels(1)) {
            final Cap<Msg> doubler = node.spawn(Spawn.of("doubler", Doubler::new).restart(RestartPolicy.stop()));
            final Cap<Msg> asker = node.spawn(Spawn.<Msg>of("asker", () -> new Asker(doubler, outcomes)));
            node.runUntilIdle();
            node.tell(asker, new Msg.N(13)); // doubler fails and stops (policy stop)
            node.runUntilIdle();
            node.tell(asker, new Msg.N(1));
            node.runUntilIdle();
        }
        assertEquals(List.of("CALLEE_FAILED@0", "REFUSED@0"), outcomes);
    }

    @Test
    void shouldFailPendingAskWhenCalleeStopsBeforeReplying() {
        final List<String> outcomes = new ArrayList<>();
        try (TestNode node = TestNode.withKernels(2)) {
            // The callee stops itself on any message, leaving the queued ask unanswered.
            final Cap<Msg> callee = node.spawn(Spawn.<Msg>of("quitter", () -> new Component<Msg>() {
                @Override
                public void onMessage(final Context<Msg> ctx, final Msg m) {
                    ctx.stop();
                }
            }).onKernel(1));
            final Cap<Msg> asker = node.spawn(Spawn.<Msg>of("asker", () -> new Asker(callee, outcomes)).onKernel(0));
            node.runUntilIdle();
            node.tell(callee, new Msg.N(0));
            node.tell(asker, new Msg.N(5));
            node.runUntilIdle();
            node.advance(Duration.ofMillis(100));
        }
        assertEquals(1, outcomes.size());
        assertTrue(outcomes.get(0).equals("CALLEE_STOPPED@0") || outcomes.get(0).equals("REFUSED@0"),
            outcomes.toString());
    }

    @Test
    void shouldCountSecondReplyAsLate() {
        try (TestNode node = TestNode.withKernels(1)) {
            final Cap<Msg> twice = node.spawn(Spawn.<Msg>of("twice", () -> new Component<Msg>() {
                @Override
                public void onMessage(final Context<Msg> ctx, final Msg m) {
                    final Msg.Ask a = (Msg.Ask) m;
                    ctx.send(a.replyTo(), 1L);
                    ctx.send(a.replyTo(), 2L);
                }
            }));
            final List<String> outcomes = new ArrayList<>();
            final Cap<Msg> asker = node.spawn(Spawn.<Msg>of("asker", () -> new Asker(twice, outcomes)));
            node.runUntilIdle();
            node.tell(asker, new Msg.N(0));
            node.runUntilIdle();
            assertEquals(List.of("ok 1"), outcomes);
            assertEquals(1, node.node().kernels()[0].counters().lateReplies);
        }
    }

    @Test
    void shouldNotRunCallbacksOfAnInstanceThatWasRestarted() {
        final List<String> outcomes = new ArrayList<>();
        try (TestNode node = TestNode.withKernels(1)) {
            final List<Cap<Long>> held = new ArrayList<>();
            final Cap<Msg> holder = node.spawn(Spawn.<Msg>of("holder", () -> (ctx, m) -> {
                if (m instanceof Msg.Ask a) {
                    held.add(a.replyTo()); // answers later, when told
                } else {
                    ctx.send(held.get(0), 99L);
                }
            }));
            final Cap<Msg> asker = node.spawn(Spawn.<Msg>of("asker", () -> new Component<Msg>() {
                @Override
                public void onMessage(final Context<Msg> ctx, final Msg m) {
                    if (m instanceof Msg.Boom) {
                        throw new IllegalStateException("restart me");
                    }
                    ctx.<Msg, Long>ask(holder, reply -> new Msg.Ask(1, reply), Duration.ofSeconds(5))
                        .onSuccess(r -> outcomes.add("ok " + r));
                }
            }));
            node.runUntilIdle();
            node.tell(asker, new Msg.N(1));
            node.runUntilIdle();
            node.tell(asker, new Msg.Boom());
            node.runUntilIdle();
            node.tell(holder, new Msg.N(2));
            node.runUntilIdle();
            assertEquals(List.of(), outcomes);
            assertEquals(1, node.node().kernels()[0].counters().lateReplies);
        }
    }
}
