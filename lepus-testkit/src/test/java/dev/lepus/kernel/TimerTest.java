package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.api.Spawn;
import dev.lepus.api.Timer;
import dev.lepus.testkit.TestNode;

/** Timers under the virtual clock: exact firing times, order, periods, cancellation. */
class TimerTest {

    /** Records (message, virtual time) pairs; sets timers when told. */
    static final class Timed implements Component<Msg> {
        final List<String> fired = new ArrayList<>();
        final List<Timer> timers = new ArrayList<>();

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg m) {
            switch (m) {
                case Msg.N n when n.n() < 0 -> {
                    // negative: a command; -1 sets three one-shot timers out of order, -2 a periodic one
                    if (n.n() == -1) {
                        timers.add(ctx.after(Duration.ofMillis(30), new Msg.N(30)));
                        timers.add(ctx.after(Duration.ofMillis(10), new Msg.N(10)));
                        timers.add(ctx.after(Duration.ofMillis(20), new Msg.N(20)));
                    } else if (n.n() == -2) {
                        timers.add(ctx.every(Duration.ofMillis(100), new Msg.N(100)));
                    } else if (n.n() == -3) {
                        for (final Timer t : timers) {
                            ctx.cancel(t);
                        }
                    }
                }
                default -> fired.add(m + "@" + ctx.nowNs() / 1_000_000);
            }
        }
    }

    @Test
    void shouldFireOneShotTimersAtTheirTimeInDeadlineOrder() {
        final Timed timed = new Timed();
        try (TestNode node = TestNode.withKernels(1)) {
            final Cap<Msg> c = node.spawn(Spawn.<Msg>of("timed", () -> timed));
            node.tell(c, new Msg.N(-1));
            node.runUntilIdle();
            node.advance(Duration.ofMillis(15));
            assertEquals(List.of("10@10"), timed.fired);
            node.advance(Duration.ofMillis(100));
            assertEquals(List.of("10@10", "20@20", "30@30"), timed.fired);
            assertFalse(timed.timers.get(0).isActive());
        }
    }

    @Test
    void shouldFirePeriodicTimerEveryPeriodUntilCancelled() {
        final Timed timed = new Timed();
        try (TestNode node = TestNode.withKernels(1)) {
            final Cap<Msg> c = node.spawn(Spawn.<Msg>of("timed", () -> timed));
            node.tell(c, new Msg.N(-2));
            node.runUntilIdle();
            node.advance(Duration.ofMillis(350));
            assertEquals(List.of("100@100", "100@200", "100@300"), timed.fired);
            assertTrue(timed.timers.get(0).isActive());
            node.tell(c, new Msg.N(-3));
            node.runUntilIdle();
            node.advance(Duration.ofSeconds(10));
            assertEquals(3, timed.fired.size());
            assertFalse(timed.timers.get(0).isActive());
        }
    }

    @Test
    void shouldFireTimersBeyondOneWheelRevolution() {
        final Timed timed = new Timed();
        try (TestNode node = TestNode.withKernels(1)) {
            final Cap<Msg> c = node.spawn(Spawn.<Msg>of("timed", () -> new Component<Msg>() {
                @Override
                public void onStart(final Context<Msg> ctx) {
                    ctx.after(Duration.ofSeconds(90), new Msg.N(90));
                }

                @Override
                public void onMessage(final Context<Msg> ctx, final Msg m) {
                    timed.onMessage(ctx, m);
                }
            }));
            node.runUntilIdle();
            node.advance(Duration.ofSeconds(89));
            assertEquals(List.of(), timed.fired);
            node.advance(Duration.ofSeconds(2));
            assertEquals(List.of("90@90000"), timed.fired);
            node.tell(c, new Msg.N(1));
            node.runUntilIdle();
        }
    }

    @Manifest(name = "no-timers", groups = {ApiGroup.CORE})
    static final class NoTimers implements Component<Msg> {
        @Override
        public void onStart(final Context<Msg> ctx) {
            ctx.after(Duration.ofMillis(1), new Msg.N(1));
        }

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg m) {
        }
    }

    @Test
    void shouldFailComponentThatUsesTimersWithoutDeclaringThem() {
        try (TestNode node = TestNode.withKernels(1)) {
            node.spawn(Spawn.of("no-timers", NoTimers::new).restart(dev.lepus.api.RestartPolicy.stop()));
            node.runUntilIdle();
            assertTrue(node.console().contains("does not declare TIMERS"), node.console());
        }
    }
}
