package dev.lepus.kernel.agent;

/**
 * Spins, then yields, then parks for exponentially longer up to a maximum, using the agent's sleep protocol so that a
 * producer's wake-up is never lost. Not threadsafe.
 */
public final class BackoffIdleStrategy implements IdleStrategy {

    /** Default empty cycles spent spinning. */
    public static final int DEFAULT_MAX_SPINS = 10_000;
    /** Default empty cycles spent yielding after spinning. */
    public static final int DEFAULT_MAX_YIELDS = 100;
    /** Default first park. */
    public static final long DEFAULT_MIN_PARK_NS = 1_000;
    /** Default longest park; also the longest a timer can be late on an idle kernel. */
    public static final long DEFAULT_MAX_PARK_NS = 1_000_000;

    private final int maxSpins;
    private final int maxYields;
    private final long minParkNs;
    private final long maxParkNs;
    private int spins;
    private int yields;
    private long parkNs;

    /** The default backoff. */
    public BackoffIdleStrategy() {
        this(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NS, DEFAULT_MAX_PARK_NS);
    }

    /**
     * A backoff.
     *
     * @param maxSpins empty cycles spent spinning
     * @param maxYields empty cycles spent yielding
     * @param minParkNs the first park
     * @param maxParkNs the longest park
     */
    public BackoffIdleStrategy(final int maxSpins, final int maxYields, final long minParkNs, final long maxParkNs) {
        if (maxSpins < 0 || maxYields < 0 || minParkNs <= 0 || maxParkNs < minParkNs) {
            throw new IllegalArgumentException("bad backoff: spins=" + maxSpins + " yields=" + maxYields
                + " minParkNs=" + minParkNs + " maxParkNs=" + maxParkNs);
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNs = minParkNs;
        this.maxParkNs = maxParkNs;
        this.parkNs = minParkNs;
    }

    @Override
    public void idle(final int workCount, final Agent agent) {
        if (workCount > 0) {
            spins = 0;
            yields = 0;
            parkNs = minParkNs;
        } else if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
        } else if (yields < maxYields) {
            yields++;
            Thread.yield();
        } else if (agent.prepareToSleep()) {
            agent.sleep(parkNs);
            agent.awake();
            parkNs = Math.min(parkNs << 1, maxParkNs);
        }
    }
}
