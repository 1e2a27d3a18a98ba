package dev.lepus.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import dev.lepus.api.Cap;
import dev.lepus.kernel.Kernel;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.kernel.clock.ManualClock;

/**
 * Deterministic simulation: every kernel of a system stepped on the test's thread under a virtual clock, with a seed
 * that chooses the interleaving and injects faults (in the manner of FoundationDB's and TigerBeetle's simulators).
 *
 * <p>Each round steps the kernels in an order the seed shuffles; a kernel may be held back for a round (its inbound
 * messages wait: a delay, and messages from different senders reach a receiver in a different order; FIFO from one
 * sender is kept, as the kernel guarantees), the virtual clock jumps by small random amounts, a component named as a
 * crash target may fail as if its handler had thrown, and a kernel may stop for good. The node's components draw
 * their {@code random()} from the same seed. So one seed is one run: the same seed gives the same run, journal byte
 * for byte, and a failing seed can be run again alone ({@link #check}).
 *
 * <p>Thread contract: one thread (the test's) does everything.
 */
public final class Simulation implements AutoCloseable {

    /** The system property that runs one seed only: {@code -Dlepus.sim.seed=N}. */
    public static final String SEED_PROPERTY = "lepus.sim.seed";

    /** How often faults happen; all probabilities are per round (one step of every running kernel). */
    public static final class Faults {
        double delay = 0.2;
        double crash = 0.0;
        double kernelStop = 0.0;
        long maxClockStepNs = 200_000;

        /** No faults but the interleaving and the clock jumps. */
        public static Faults none() {
            return new Faults().delay(0);
        }

        /** @param p probability that a kernel is held back for a round */
        public Faults delay(final double p) {
            delay = p;
            return this;
        }

        /** @param p probability per round that one crash target fails */
        public Faults crash(final double p) {
            crash = p;
            return this;
        }

        /** @param p probability per round that one kernel (never the last running) stops for good */
        public Faults kernelStop(final double p) {
            kernelStop = p;
            return this;
        }
    }

    private final long seed;
    private final Random random;
    private final Faults faults;
    private final TestNode node;
    private final ManualClock clock;
    private final boolean[] stopped;
    private final List<Cap<?>> crashTargets = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    /**
     * A simulated node.
     *
     * @param seed the seed of everything
     * @param settings the node's settings (its seed, clock, console and manual mode are set here)
     * @param faults what to inject
     */
    public Simulation(final long seed, final NodeSettings settings, final Faults faults) {
        this.seed = seed;
        this.random = new Random(seed);
        this.faults = faults;
        this.node = new TestNode(settings.seed(seed));
        this.clock = node.clock();
        this.stopped = new boolean[node.node().kernels().length];
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return the node, to spawn, grant and tell before {@link #run} */
    public TestNode node() {
        return node;
    }

    /**
     * Names a component the simulation may crash.
     *
     * @param component a cap to it
     * @return this
     */
    public Simulation crashTarget(final Cap<?> component) {
        crashTargets.add(component);
        return this;
    }

    /** @return the faults injected so far, one line each with the virtual time */
    public List<String> faultsInjected() {
        return List.copyOf(events);
    }

    /**
     * Runs until {@code duration} of virtual time passed, the system shut down, or nothing is left to do.
     *
     * @param duration virtual time
     */
    public void run(final Duration duration) {
        final Node n = node.node();
        final Kernel[] kernels = n.kernels();
        final long end = clock.nanoTime() + duration.toNanos();
        final int[] order = new int[kernels.length];
        while (n.exitStatus() == null && end - clock.nanoTime() > 0) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) { // Fisher-Yates with the seed's generator
                final int j = random.nextInt(i + 1);
                final int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int work = 0;
            boolean heldBack = false;
            for (final int k : order) {
                if (stopped[k]) {
                    continue;
                }
                if (random.nextDouble() < faults.delay) {
                    heldBack = true;
                    continue;
                }
                work += kernels[k].doWork();
            }
            injectFaults(n);
            if (work == 0 && !heldBack) {
                long next = Long.MAX_VALUE;
                for (int k = 0; k < kernels.length; k++) {
                    if (!stopped[k]) {
                        next = Math.min(next, kernels[k].earliestTimerNs());
                    }
                }
                if (next == Long.MAX_VALUE || next - end > 0) {
                    clock.set(end);
                    break;
                }
                if (next - clock.nanoTime() > 0) {
                    clock.set(next);
                }
            } else if (random.nextInt(8) == 0) {
                clock.set(Math.min(end, clock.nanoTime() + 1 + (long) (random.nextDouble() * faults.maxClockStepNs)));
            }
        }
    }

    private void injectFaults(final Node n) {
        if (!crashTargets.isEmpty() && random.nextDouble() < faults.crash) {
            final int i = random.nextInt(crashTargets.size());
            final Cap<?> target = crashTargets.get(i);
            events.add("t=" + clock.nanoTime() + "ns crash of crash target #" + i);
            n.injectFault(target, "simulated crash (seed " + seed + ")");
        }
        if (faults.kernelStop > 0 && random.nextDouble() < faults.kernelStop) {
            int running = 0;
            for (final boolean s : stopped) {
                running += s ? 0 : 1;
            }
            if (running > 1) {
                int k;
                do {
                    k = random.nextInt(stopped.length);
                } while (stopped[k]);
                stopped[k] = true;
                events.add("t=" + clock.nanoTime() + "ns kernel " + k + " stopped");
            }
        }
    }

    /** Stops the node (every kernel, stopped or not, closes on this thread). */
    @Override
    public void close() {
        node.close();
    }

    /**
     * Runs {@code body} once per seed: the one seed of {@value #SEED_PROPERTY} if set, else {@code count} seeds
     * derived from {@code base}. A failure names its seed and how to run it alone.
     *
     * @param base the first seed
     * @param count how many seeds
     * @param body the test, given each seed
     * @throws AssertionError naming the failing seed
     */
    public static void check(final long base, final int count, final Consumer<Long> body) {
        final Long only = Long.getLong(SEED_PROPERTY);
        final long n = only != null ? 1 : count;
        for (long i = 0; i < n; i++) {
            final long seed = only != null ? only : base + i * 0x9E3779B97F4A7C15L;
            try {
                body.accept(seed);
            } catch (final AssertionError | RuntimeException ex) {
                final AssertionError failed = new AssertionError("simulation failed with seed " + seed
                    + " (run it alone with -D" + SEED_PROPERTY + "=" + seed + "): " + ex.getMessage(), ex);
                System.err.println(failed.getMessage());
                throw failed;
            }
        }
    }
}
