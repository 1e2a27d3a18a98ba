package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.CpuBudget;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.clock.ManualClock;
import dev.lepus.testkit.TestNode;

/**
 * Temporal capabilities: a component over its CPU budget is deferred to its next period and does not delay the others
 * on its kernel beyond its budget. Handler time is simulated by moving the virtual clock inside the handler.
 */
class BudgetTest {

    private static final long MS = 1_000_000L;

    /** Burns {@code workNs} of (virtual) CPU per message and always gives itself more work. */
    static final class Hog implements Component<Object> {
        final ManualClock clock;
        final long workNs;
        int handled;

        Hog(final ManualClock clock, final long workNs) {
            this.clock = clock;
            this.workNs = workNs;
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object m) {
            handled++;
            clock.advance(Duration.ofNanos(workNs));
            ctx.send(ctx.self(), "more");
        }
    }

    @Test
    void shouldDeferAComponentOverBudgetAndBoundTheDelayOfOthers() {
        try (TestNode node = TestNode.withKernels(1)) {
            final Hog hog = new Hog(node.clock(), 3 * MS / 2);
            final Cap<Object> h = node.spawn(Spawn.<Object>of("hog", () -> hog).priority(10)
                .budget(CpuBudget.of(Duration.ofMillis(2), Duration.ofMillis(10))));
            final List<long[]> latencies = new ArrayList<>();
            final long[] toldAt = new long[1];
            final Cap<Object> victim = node.spawn(Spawn.<Object>of("victim", () -> (ctx, m) ->
                latencies.add(new long[] {toldAt[0], ctx.nowNs()})).priority(1));
            node.runUntilIdle();
            node.tell(h, "start");
            for (int i = 0; i < 10; i++) {
                toldAt[0] = node.nowNs();
                node.tell(victim, "ping " + i);
                node.advance(Duration.ofMillis(7));
            }
            final long elapsedMs = node.nowNs() / MS;
            assertEquals(10, latencies.size());
            for (final long[] l : latencies) {
                assertTrue(l[1] - l[0] <= 2 * MS + 3 * MS / 2,
                    "victim delayed " + (l[1] - l[0]) + " ns: more than the budget plus one overrunning handler");
            }
            // Two handlers (3 ms, one overrun) per 10 ms period; the hog's own work moves the clock too.
            final long periods = elapsedMs / 10;
            assertTrue(hog.handled >= 2 * periods - 2 && hog.handled <= 2 * (periods + 1),
                "hog handled " + hog.handled + " in " + elapsedMs + " ms");
            final KernelCounters c = node.node().kernels()[0].counters();
            assertTrue(c.budgetDeferrals >= 7, "deferrals " + c.budgetDeferrals);
            assertTrue(c.budgetOverruns >= 7, "overruns " + c.budgetOverruns);
        }
    }

    @Test
    void shouldShareANamedBudgetAmongComponentsOfOneKernel() {
        try (TestNode node = TestNode.withKernels(1)) {
            final CpuBudget shared = new CpuBudget("batch", Duration.ofMillis(2), Duration.ofMillis(10));
            final Hog a = new Hog(node.clock(), MS);
            final Hog b = new Hog(node.clock(), MS);
            final Cap<Object> ca = node.spawn(Spawn.<Object>of("a", () -> a).budget(shared));
            final Cap<Object> cb = node.spawn(Spawn.<Object>of("b", () -> b).budget(shared));
            node.runUntilIdle();
            node.tell(ca, "go");
            node.tell(cb, "go");
            node.advance(Duration.ofMillis(95));
            // 2 ms per 10 ms for the pair: about 2 handlers of 1 ms per period between them, 10 periods.
            final int total = a.handled + b.handled;
            assertTrue(total >= 18 && total <= 22, "handled " + total);
            assertTrue(a.handled > 0 && b.handled > 0);
        }
    }
}
