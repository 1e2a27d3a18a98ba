package dev.lepus.kernel;

/**
 * The four kernels behind the one API (DESIGN.md section 4). A node may mix them, one level per kernel; messages flow
 * between kernels of different levels as between any two kernels.
 */
public enum KernelLevel {
    /** Cooperative: one stack, each handler runs to completion, the highest-priority ready component first. */
    L1,
    /** Prioritized: as L1, and at a check point an event for a higher-priority component runs nested (QK). */
    L2,
    /** Preemptive: handlers run in continuations; {@code await} suspends a handler and others run meanwhile. */
    L3,
    /** Multi-stack: each component on its own thread (virtual by default); {@code await} parks that thread. */
    L4;

    /** @return whether handlers on this level may suspend in {@code await} */
    public boolean canSuspend() {
        return this == L3 || this == L4;
    }

    /**
     * Parses a level name.
     *
     * @param name {@code L1} to {@code L4}, any case
     * @return the level
     * @throws IllegalArgumentException naming the levels, for anything else
     */
    public static KernelLevel named(final String name) {
        for (final KernelLevel l : values()) {
            if (l.name().equalsIgnoreCase(name.trim())) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown kernel level '" + name + "' (known: L1, L2, L3, L4)");
    }
}
