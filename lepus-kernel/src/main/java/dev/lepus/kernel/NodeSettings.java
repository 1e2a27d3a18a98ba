package dev.lepus.kernel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

import dev.lepus.kernel.agent.IdleStrategy;
import dev.lepus.kernel.clock.NanoClock;

/**
 * The settings of a {@link Node}, in one place: each knob has a default with its unit in the name and a pair of
 * fluent accessors; {@link #conclude()} validates them and fills in defaults.
 *
 * <p>Thread contract: not threadsafe; build it on one thread, then hand it to the node.
 */
public final class NodeSettings {

    /** Default kernels per node: one per available core. */
    public static final int DEFAULT_KERNELS = Runtime.getRuntime().availableProcessors();
    /** Default mailbox capacity per component, in messages. */
    public static final int DEFAULT_MAILBOX_CAPACITY = 4096;
    /** Default channel capacity per ordered kernel pair, in entries. */
    public static final int DEFAULT_CHANNEL_CAPACITY = 16384;
    /** Default inputs between a component's snapshots, when journaling. */
    public static final long DEFAULT_SNAPSHOT_EVERY = 10_000;
    /** Default idle strategy name. */
    public static final String DEFAULT_IDLE = "backoff";

    private int kernels = DEFAULT_KERNELS;
    private final List<String> idle = new ArrayList<>();
    private final List<KernelLevel> levels = new ArrayList<>();
    private int mailboxCapacity = DEFAULT_MAILBOX_CAPACITY;
    private int channelCapacity = DEFAULT_CHANNEL_CAPACITY;
    private NanoClock clock = NanoClock.SYSTEM;
    private PrintStream console = System.out;
    private long seed;
    private boolean manual;
    private IntFunction<IdleStrategy> idleFactory;
    private dev.lepus.kernel.journal.JournalSettings journal = dev.lepus.kernel.journal.JournalSettings.off();
    private boolean restore;
    private long snapshotEvery = DEFAULT_SNAPSHOT_EVERY;
    private java.time.Duration watchdog = java.time.Duration.ZERO;
    private boolean platformThreads;
    private SnapshotListener snapshotListener;

    /** @return the number of kernels */
    public int kernels() {
        return kernels;
    }

    /**
     * @param value the number of kernels, 1..64
     * @return this
     */
    public NodeSettings kernels(final int value) {
        kernels = value;
        return this;
    }

    /**
     * The idle strategy of a kernel.
     *
     * @param kernel the kernel index
     * @return the strategy's name
     */
    public String idle(final int kernel) {
        return kernel < idle.size() && idle.get(kernel) != null ? idle.get(kernel) : DEFAULT_IDLE;
    }

    /**
     * Sets the idle strategy of a kernel.
     *
     * @param kernel the kernel index
     * @param name {@code spin}, {@code yield} or {@code backoff}
     * @return this
     */
    public NodeSettings idle(final int kernel, final String name) {
        while (idle.size() <= kernel) {
            idle.add(null);
        }
        idle.set(kernel, Objects.requireNonNull(name, "idle"));
        return this;
    }

    /**
     * @param kernel a kernel index
     * @return its level (default L1)
     */
    public KernelLevel level(final int kernel) {
        return kernel < levels.size() && levels.get(kernel) != null ? levels.get(kernel) : KernelLevel.L1;
    }

    /**
     * Sets the level of a kernel.
     *
     * @param kernel the kernel index
     * @param value its level
     * @return this
     */
    public NodeSettings level(final int kernel, final KernelLevel value) {
        while (levels.size() <= kernel) {
            levels.add(null);
        }
        levels.set(kernel, Objects.requireNonNull(value, "level"));
        return this;
    }

    /**
     * Sets the level of every kernel (of those there are when called, and of any later ones).
     *
     * @param value the level
     * @return this
     */
    public NodeSettings levelAll(final KernelLevel value) {
        levels.clear();
        for (int k = 0; k < 64; k++) {
            levels.add(Objects.requireNonNull(value, "level"));
        }
        return this;
    }

    /**
     * Sets the idle strategy of every kernel.
     *
     * @param name {@code spin}, {@code yield} or {@code backoff}
     * @return this
     */
    public NodeSettings idleAll(final String name) {
        idle.clear();
        for (int k = 0; k < Math.max(kernels, 1); k++) {
            idle.add(Objects.requireNonNull(name, "idle"));
        }
        return this;
    }

    /** @return the mailbox capacity per component */
    public int mailboxCapacity() {
        return mailboxCapacity;
    }

    /**
     * @param value messages per mailbox, a power of two, at least 4
     * @return this
     */
    public NodeSettings mailboxCapacity(final int value) {
        mailboxCapacity = value;
        return this;
    }

    /** @return the channel capacity per kernel pair */
    public int channelCapacity() {
        return channelCapacity;
    }

    /**
     * @param value entries per channel, a power of two
     * @return this
     */
    public NodeSettings channelCapacity(final int value) {
        channelCapacity = value;
        return this;
    }

    /** @return the clock */
    public NanoClock clock() {
        return clock;
    }

    /**
     * @param value the clock every kernel reads once per duty cycle
     * @return this
     */
    public NodeSettings clock(final NanoClock value) {
        clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /** @return where component logs and node reports go */
    public PrintStream console() {
        return console;
    }

    /**
     * @param value where component logs and node reports go
     * @return this
     */
    public NodeSettings console(final PrintStream value) {
        console = Objects.requireNonNull(value, "console");
        return this;
    }

    /** @return the seed of the components' random generators */
    public long seed() {
        return seed;
    }

    /**
     * @param value the seed of the components' random generators
     * @return this
     */
    public NodeSettings seed(final long value) {
        seed = value;
        return this;
    }

    /** @return how the kernels journal their inputs (off by default) */
    public dev.lepus.kernel.journal.JournalSettings journal() {
        return journal;
    }

    /**
     * @param value how the kernels journal their inputs: off, an in-memory ring, files, or files with fsync per batch
     * @return this
     */
    public NodeSettings journal(final dev.lepus.kernel.journal.JournalSettings value) {
        journal = java.util.Objects.requireNonNull(value, "journal");
        return this;
    }

    /** @return inputs between a component's snapshots when journaling (0: only on demand) */
    public long snapshotEvery() {
        return snapshotEvery;
    }

    /**
     * @param inputs inputs between a component's snapshots when journaling (0: only on demand, see
     *     {@link Node#snapshot}); replay and durable restart start from a component's newest snapshot
     * @return this
     */
    public NodeSettings snapshotEvery(final long inputs) {
        if (inputs < 0) {
            throw new IllegalArgumentException("snapshotEvery must not be negative: " + inputs);
        }
        snapshotEvery = inputs;
        return this;
    }

    /** Told of each snapshot a kernel journals (for an index of them in the durable OS state). */
    @FunctionalInterface
    public interface SnapshotListener {
        /**
         * A snapshot was journaled. Called on the kernel's thread: return at once (hand the work to another thread).
         *
         * @param componentId the component
         * @param seq the sequence number of its next input
         * @param kernel the kernel whose journal holds it
         * @param recordIndex the snapshot record's index in that kernel's journal
         */
        void snapshotTaken(long componentId, long seq, int kernel, long recordIndex);
    }

    /** @return who is told of journaled snapshots, or null */
    public SnapshotListener snapshotListener() {
        return snapshotListener;
    }

    /**
     * @param value told of each snapshot the kernels journal, on the kernel's thread (it must not block)
     * @return this
     */
    public NodeSettings snapshotListener(final SnapshotListener value) {
        snapshotListener = value;
        return this;
    }

    /** @return whether components on L4 kernels get platform threads (default: virtual threads) */
    public boolean platformThreads() {
        return platformThreads;
    }

    /**
     * @param value true to give each component on an L4 kernel a platform thread instead of a virtual one (for code
     *     that pins virtual threads, or needs a thread's full stack)
     * @return this
     */
    public NodeSettings platformThreads(final boolean value) {
        platformThreads = value;
        return this;
    }

    /** @return the watchdog's limit for one handler run; zero when off (the default) */
    public java.time.Duration watchdog() {
        return watchdog;
    }

    /**
     * @param limit the longest a handler may run: past it, the handler is stopped at its next check point and its
     *     component fails (its supervisor decides; a restart re-initialises it); zero turns the watchdog off. Check
     *     points are in components loaded through the loader.
     * @return this
     */
    public NodeSettings watchdog(final java.time.Duration limit) {
        if (limit.isNegative()) {
            throw new IllegalArgumentException("watchdog limit must not be negative: " + limit);
        }
        watchdog = limit;
        return this;
    }

    /** @return whether the node rebuilds its components from the journal when it starts (durable restart) */
    public boolean restore() {
        return restore;
    }

    /**
     * @param value whether the node rebuilds its components from the journal in its folder when it starts: each
     *     component the description names resumes with the state of its last committed input
     * @return this
     */
    public NodeSettings restore(final boolean value) {
        restore = value;
        return this;
    }

    /** @return whether the kernels are stepped by hand instead of running on their own threads */
    public boolean manual() {
        return manual;
    }

    /**
     * @param value true to step kernels by hand (tests, simulation)
     * @return this
     */
    public NodeSettings manual(final boolean value) {
        manual = value;
        return this;
    }

    /**
     * Makes the idle strategy of each kernel in code, overriding the names: for tests and tuning.
     *
     * @param factory makes the strategy of kernel {@code k}
     * @return this
     */
    public NodeSettings idleStrategies(final IntFunction<IdleStrategy> factory) {
        idleFactory = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /**
     * A new idle strategy for a kernel, from the factory if one was set, else by name.
     *
     * @param kernel the kernel index
     * @return the strategy
     */
    public IdleStrategy newIdleStrategy(final int kernel) {
        return idleFactory != null ? idleFactory.apply(kernel) : IdleStrategy.named(idle(kernel));
    }

    /**
     * Validates the settings.
     *
     * @return this
     * @throws IllegalArgumentException naming the bad setting
     */
    public NodeSettings conclude() {
        if (kernels < 1 || kernels > 64) {
            throw new IllegalArgumentException("kernels must be in 1..64: " + kernels);
        }
        if (mailboxCapacity < 4 || Integer.bitCount(mailboxCapacity) != 1) {
            throw new IllegalArgumentException("mailbox capacity must be a power of two >= 4: " + mailboxCapacity);
        }
        if (channelCapacity < 2 || Integer.bitCount(channelCapacity) != 1) {
            throw new IllegalArgumentException("channel capacity must be a power of two >= 2: " + channelCapacity);
        }
        for (int k = 0; k < kernels; k++) {
            IdleStrategy.named(idle(k));
        }
        return this;
    }

    /** @return the idle strategy names set so far */
    public List<String> idleNames() {
        return Collections.unmodifiableList(idle);
    }
}
