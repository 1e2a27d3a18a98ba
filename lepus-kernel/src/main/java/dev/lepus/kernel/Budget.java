package dev.lepus.kernel;

import java.util.ArrayList;

import dev.lepus.api.CpuBudget;
import dev.lepus.kernel.timer.TimerWheel;

/**
 * A CPU budget at work on one kernel: the handler time used in the current period, the components deferred until the
 * next one, and the timer entry that replenishes it. Shared by every component of a named group on the kernel.
 *
 * <p>Thread contract: not threadsafe; owned by one kernel thread.
 */
final class Budget extends TimerWheel.Entry {

    final CpuBudget spec;
    final long budgetNs;
    final long periodNs;
    /** Components deferred until the next period; each stays marked ready, so sends do not queue it again. */
    final ArrayList<Cell> deferred = new ArrayList<>();
    private long periodStartNs;
    long usedNs;
    private boolean overran;
    /** Periods in which a handler pushed usage past the budget. */
    long overruns;
    /** Handler time charged since the budget was made. */
    long totalNs;

    Budget(final CpuBudget spec, final long nowNs) {
        this.spec = spec;
        this.budgetNs = spec.budget().toNanos();
        this.periodNs = spec.period().toNanos();
        this.periodStartNs = nowNs;
    }

    /** Starts a new period if the current one has ended. */
    void refresh(final long nowNs) {
        final long elapsed = nowNs - periodStartNs;
        if (elapsed >= periodNs) {
            periodStartNs += elapsed - elapsed % periodNs;
            usedNs = 0;
            overran = false;
        }
    }

    /** Whether the budget of the current period is used up. */
    boolean exhausted(final long nowNs) {
        refresh(nowNs);
        return usedNs >= budgetNs;
    }

    /**
     * Charges handler time.
     *
     * @return true if this charge overran the budget (counted once per period)
     */
    boolean charge(final long ns) {
        usedNs += ns;
        totalNs += ns;
        if (usedNs > budgetNs && !overran) {
            overran = true;
            overruns++;
            return true;
        }
        return false;
    }

    long nextPeriodNs() {
        return periodStartNs + periodNs;
    }
}
