package dev.lepus.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What a supervisor's kernel does when a child's handler throws, in the manner of Erlang/OTP: restart the child,
 * stop it, or escalate (fail the supervisor too). Restarts are limited by an intensity: more than
 * {@code maxRestarts} within {@code window} escalates instead.
 *
 * @param action what to do on a failure
 * @param maxRestarts the most restarts allowed within the window
 * @param window the sliding window for the intensity limit
 */
public record RestartPolicy(Action action, int maxRestarts, Duration window) {

    /** The default: restart, at most 3 times in 5 seconds, then escalate. */
    public static final RestartPolicy DEFAULT = new RestartPolicy(Action.RESTART, 3, Duration.ofSeconds(5));

    /** What a supervisor does. */
    public enum Action {
        /** Start a fresh instance behind the same cap; the mailbox is kept. */
        RESTART,
        /** Stop the child; its cap refuses further messages. */
        STOP,
        /** Stop the child and fail the supervisor with the same cause. */
        ESCALATE
    }

    /**
     * Validates the policy.
     *
     * @param action what to do on a failure
     * @param maxRestarts the most restarts allowed within the window, zero or more
     * @param window the window, positive
     */
    public RestartPolicy {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(window, "window");
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must be >= 0: " + maxRestarts);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
    }

    /**
     * Restart with the given intensity.
     *
     * @param maxRestarts restarts allowed within the window
     * @param window the window
     * @return the policy
     */
    public static RestartPolicy restart(final int maxRestarts, final Duration window) {
        return new RestartPolicy(Action.RESTART, maxRestarts, window);
    }

    /**
     * Stop on the first failure.
     *
     * @return the policy
     */
    public static RestartPolicy stop() {
        return new RestartPolicy(Action.STOP, 0, Duration.ofSeconds(1));
    }

    /**
     * Escalate on the first failure.
     *
     * @return the policy
     */
    public static RestartPolicy escalate() {
        return new RestartPolicy(Action.ESCALATE, 0, Duration.ofSeconds(1));
    }
}
