package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Failure;
import dev.lepus.api.RestartPolicy;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;
import dev.lepus.testkit.Probe;
import dev.lepus.testkit.TestNode;

/** Erlang/OTP-style supervision: restart, stop, escalate, and the restart intensity limit. */
class SupervisionTest {

    /** Counts messages in a field (to show that a restart resets state); throws on Boom. */
    static final class Fragile implements Component<Msg> {
        private final Probe<Long> counts;
        private long seen;

        Fragile(final Probe<Long> counts) {
            this.counts = counts;
        }

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg m) {
            if (m instanceof Msg.Boom) {
                throw new IllegalStateException("boom in " + ctx.name());
            }
            seen++;
            ctx.send(counts.cap(), seen);
        }
    }

    /** Spawns one Fragile child with the given policy and records the failures it is told about. */
    static final class Supervisor implements Component<Msg> {
        final List<Failure> failures = new ArrayList<>();
        final RestartPolicy policy;
        final Probe<Long> counts;
        final int childKernel;
        Cap<Msg> child;
        int starts;

        Supervisor(final RestartPolicy policy, final Probe<Long> counts, final int childKernel) {
            this.policy = policy;
            this.counts = counts;
            this.childKernel = childKernel;
        }

        @Override
        public void onStart(final Context<Msg> ctx) {
            starts++;
            child = ctx.spawn(Spawn.<Msg>of("child", () -> new Fragile(counts)).restart(policy)
                .onKernel(childKernel));
        }

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg m) {
            ctx.send(child, m);
        }

        @Override
        public void onChildFailure(final Context<Msg> ctx, final Failure failure) {
            failures.add(failure);
        }
    }

    @ParameterizedTest(name = "child on kernel {0}")
    @ValueSource(ints = {0, 1})
    void shouldRestartChildWithFreshStateAndTellSupervisor(final int childKernel) {
        try (TestNode node = TestNode.withKernels(2)) {
            final Probe<Long> counts = node.probe("counts");
            final Supervisor sup = new Supervisor(RestartPolicy.restart(3, Duration.ofSeconds(5)), counts,
                childKernel);
            final Cap<Msg> s = node.spawn(Spawn.<Msg>of("sup", () -> sup).onKernel(0));
            node.runUntilIdle();
            node.tell(s, new Msg.N(1));
            node.tell(s, new Msg.N(2));
            node.tell(s, new Msg.Boom());
            node.tell(s, new Msg.N(3));
            node.runUntilIdle();
            assertEquals(List.of(1L, 2L, 1L), counts.messages(), "state is fresh after the restart");
            assertEquals(1, sup.failures.size());
            final Failure f = sup.failures.get(0);
            assertEquals(RestartPolicy.Action.RESTART, f.action());
            assertEquals("child", f.childName());
            assertInstanceOf(IllegalStateException.class, f.cause());
            assertEquals(1, f.restarts());
        }
    }

    @Test
    void shouldEscalateWhenRestartIntensityIsExceeded() {
        try (TestNode node = TestNode.withKernels(1)) {
            final Probe<Long> counts = node.probe("counts");
            final Supervisor sup = new Supervisor(RestartPolicy.restart(2, Duration.ofSeconds(5)), counts, 0);
            final Cap<Msg> s = node.spawn(Spawn.<Msg>of("sup", () -> sup)
                .restart(RestartPolicy.restart(5, Duration.ofSeconds(5))));
            node.runUntilIdle();
            for (int i = 0; i < 3; i++) {
                node.tell(s, new Msg.Boom());
                node.runUntilIdle();
            }
            // two restarts allowed, the third failure escalates: the supervisor fails and is restarted by the node
            assertEquals(List.of(RestartPolicy.Action.RESTART, RestartPolicy.Action.RESTART,
                RestartPolicy.Action.ESCALATE), sup.failures.stream().map(Failure::action).toList());
            assertTrue(node.console().contains("component 'sup' failed"), node.console());
            assertTrue(node.console().contains("escalated"), node.console());
        }
    }

    @Test
    void shouldForgetFailuresOutsideTheWindow() {
        try (TestNode node = TestNode.withKernels(1)) {
            final Probe<Long> counts = node.probe("counts");
            final Supervisor sup = new Supervisor(RestartPolicy.restart(1, Duration.ofSeconds(1)), counts, 0);
            final Cap<Msg> s = node.spawn(Spawn.<Msg>of("sup", () -> sup));
            node.runUntilIdle();
            for (int i = 0; i < 3; i++) {
                node.tell(s, new Msg.Boom());
                node.runUntilIdle();
                node.advance(Duration.ofSeconds(2));
            }
            assertEquals(List.of(RestartPolicy.Action.RESTART, RestartPolicy.Action.RESTART,
                RestartPolicy.Action.RESTART), sup.failures.stream().map(Failure::action).toList());
        }
    }

    @Test
    void shouldStopChildUnderStopPolicyAndRefuseLaterSends() {
        try (TestNode node = TestNode.withKernels(1)) {
            final Probe<Long> counts = node.probe("counts");
            final Supervisor sup = new Supervisor(RestartPolicy.stop(), counts, 0);
            final List<SendResult> results = new ArrayList<>();
            final Cap<Msg> s = node.spawn(Spawn.<Msg>of("sup", () -> new Component<Msg>() {
                @Override
                public void onStart(final Context<Msg> ctx) {
                    sup.onStart(ctx);
                }

                @Override
                public void onMessage(final Context<Msg> ctx, final Msg m) {
                    results.add(ctx.send(sup.child, m));
                }

                @Override
                public void onChildFailure(final Context<Msg> ctx, final Failure failure) {
                    sup.onChildFailure(ctx, failure);
                }
            }));
            node.runUntilIdle();
            node.tell(s, new Msg.Boom());
            node.runUntilIdle();
            node.tell(s, new Msg.N(1));
            node.runUntilIdle();
            assertEquals(List.of(SendResult.OK, SendResult.STOPPED), results);
            assertEquals(RestartPolicy.Action.STOP, sup.failures.get(0).action());
            counts.expectNone();
        }
    }

    @Test
    void shouldStopTheNodeWithFailureCodeWhenRootEscalates() {
        try (TestNode node = TestNode.withKernels(1)) {
            final Cap<Msg> c = node.spawn(Spawn.<Msg>of("root", () -> new Component<Msg>() {
                @Override
                public void onMessage(final Context<Msg> ctx, final Msg m) {
                    throw new IllegalArgumentException("bad " + m);
                }
            }).restart(RestartPolicy.escalate()));
            node.runUntilIdle();
            assertNull(node.exitStatus());
            node.tell(c, new Msg.N(1));
            node.runUntilIdle();
            assertEquals(ExitStatus.FAILURE, node.exitStatus().code());
            assertTrue(node.exitStatus().reason().contains("bad 1"), node.exitStatus().reason());
        }
    }

    @Test
    void shouldRestartWhenOnStartThrowsUntilIntensityThenEscalate() {
        final int[] constructed = new int[1];
        try (TestNode node = TestNode.withKernels(1)) {
            node.spawn(Spawn.<Msg>of("flaky-start", () -> {
                constructed[0]++;
                return new Component<Msg>() {
                    @Override
                    public void onStart(final Context<Msg> ctx) {
                        throw new IllegalStateException("cannot start");
                    }

                    @Override
                    public void onMessage(final Context<Msg> ctx, final Msg m) {
                    }
                };
            }).restart(RestartPolicy.restart(2, Duration.ofSeconds(5))));
            node.runUntilIdle();
            assertEquals(3, constructed[0], "first start and two restarts");
            assertEquals(ExitStatus.FAILURE, node.exitStatus().code());
        }
    }
}
