package dev.lepus.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A temporal capability (seL4 MCS scheduling contexts, Composite's TCaps): at most {@code budget} of handler time in
 * every {@code period}. The kernel charges the time each handler of the component (or of every component sharing a
 * named budget on the same kernel) takes; a component that has used its budget is deferred to the next period, so it
 * cannot delay the others on its kernel by more than its budget (plus the one handler that overran it). Overruns are
 * counted.
 *
 * @param group the name under which components on one kernel share this budget, or "" for a budget of its own
 * @param budget handler time allowed per period, positive
 * @param period the period, at least the budget
 */
public record CpuBudget(String group, Duration budget, Duration period) {

    /**
     * Validates the budget.
     *
     * @param group the group name, or ""
     * @param budget handler time per period
     * @param period the period
     */
    public CpuBudget {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(period, "period");
        if (budget.isNegative() || budget.isZero() || period.compareTo(budget) < 0) {
            throw new IllegalArgumentException("a CPU budget needs 0 < budget <= period: " + budget + " per " + period);
        }
    }

    /**
     * A budget of a component's own.
     *
     * @param budget handler time per period
     * @param period the period
     * @return the budget
     */
    public static CpuBudget of(final Duration budget, final Duration period) {
        return new CpuBudget("", budget, period);
    }
}
