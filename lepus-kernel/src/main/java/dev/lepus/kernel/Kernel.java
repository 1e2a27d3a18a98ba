package dev.lepus.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import dev.lepus.api.AskException;
import dev.lepus.api.Failure;
import dev.lepus.api.RestartPolicy;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.agent.Agent;
import dev.lepus.kernel.channel.ChannelHandler;
import dev.lepus.kernel.channel.OneToOneChannel;
import dev.lepus.kernel.clock.NanoClock;
import dev.lepus.kernel.timer.TimerWheel;

/**
 * An L1 kernel: one thread, run to completion, the highest-priority ready component first (QP's QV), a timer wheel,
 * and one inbound and one outbound channel for every other kernel of the node.
 *
 * <p>Thread contract: called only on the kernel thread (its {@link dev.lepus.kernel.agent.AgentRunner}'s, or the
 * thread that steps it by hand), except {@link #execute}, {@link #wakeUp} and the read-only accessors, which are
 * threadsafe.
 *
 * <p>A duty cycle ({@link #doWork()}): read the clock once; run commands from other threads; drain every inbound
 * channel (batched, bounded); fire due timers; dispatch up to {@link #DISPATCH_LIMIT} events; publish what this cycle
 * wrote to outbound channels, and wake the kernels that sleep on them.
 */
/*
 * Sleep protocol (no lost wake-up), a Dekker handshake:
 *   consumer (this kernel, in prepareToSleep): sleeping = 1 (volatile store: StoreLoad after it), then look for work
 *     in every inbound channel (acquire of producerIndex), the command queue, the ready queue; park only if none.
 *   producer (another kernel, in flush): release-store producerIndex (publish), then VarHandle.fullFence(), then read
 *     sleeping; unpark if set.
 * With a full fence on both sides between the store of one's own flag and the load of the other's, at least one of
 * them sees the other's store: either the consumer sees the entry, or the producer sees sleeping and unparks. parkNanos
 * is also bounded (the idle strategy's maximum), which bounds timer lateness on an idle kernel.
 */
public final class Kernel extends SleepFlagRightPad implements Agent, ChannelHandler {

    /** Events dispatched per duty cycle before channels and timers are looked at again. */
    public static final int DISPATCH_LIMIT = 1024;
    /** Events of one component run in a row while no higher priority is ready. */
    public static final int BURST = 64;
    /** Entries taken from one inbound channel per duty cycle. */
    public static final int DRAIN_LIMIT = 1024;
    /** Entries of a mailbox when first used; it doubles up to the kernel's mailbox capacity. */
    static final int INITIAL_MAILBOX = 4;
    /** Asks one component may have outstanding. */
    static final int MAX_OUTSTANDING_ASKS = 1 << 16;
    /** Kernel notices waiting for room in a full channel, at most. */
    static final int MAX_PENDING_NOTICES = 1 << 20;
    private static final int COMMAND_QUEUE_CAPACITY = 4096;
    private static final int PRIORITIES = 64;

    /** The meta of a signal queued in a mailbox, so that the dispatcher hands it to the kernel. */
    private static final Object SIGNAL = new Object();
    /** The meta of a socket event ({@link NetEvent}) queued in a mailbox. */
    private static final Object NET = new Object();
    private static final VarHandle SLEEPING;
    private static final VarHandle HANDLER_RUNS;
    private static final VarHandle IN_HANDLER;

    static {
        try {
            HANDLER_RUNS = MethodHandles.lookup().findVarHandle(Kernel.class, "handlerRuns", long.class);
            IN_HANDLER = MethodHandles.lookup().findVarHandle(Kernel.class, "inHandler", int.class);
            SLEEPING = MethodHandles.lookup().findVarHandle(SleepFlag.class, "sleeping", int.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final Node node;
    final int index;
    /** How this kernel runs handlers. */
    final KernelLevel level;
    /** L3 and L4: handlers run on stacks of their own and may suspend in await. */
    final boolean suspendable;
    /** L4: the component thread running a handler while this kernel's thread waits for it; else null. */
    volatile Thread handlerThread;
    /** The watchdog's limit for one handler run, in ns; 0 when off. */
    final long watchdogNs;
    /** The poller of the thread that runs handlers now (the kernel's, or an L4 component's); null if none. */
    volatile dev.lepus.kernel.checkpoint.Poller activePoller;
    /** The kernel thread's poller: L2 nested dispatch and the watchdog act at check points through it. */
    private dev.lepus.kernel.checkpoint.Poller poller;
    /** Handler runs started (opaque store by this kernel, opaque load by the watchdog). */
    private long handlerRuns;
    /** 1 while a handler runs (opaque store by this kernel, opaque load by the watchdog). */
    private int inHandler;
    /** Set by the watchdog (volatile), consumed at the running handler's next check point. */
    volatile boolean overrun;
    /** The cell whose handler runs now, and its priority (-1: none). Kernel thread. */
    private Cell running;
    private int runningPriority = -1;
    private int nesting;
    /** L3: handlers that yielded at the end of their slice, resumed after this cycle's dispatch. */
    private final ArrayDeque<Cell> preempted = new ArrayDeque<>();
    /** L3: when the running handler's slice began. */
    private long sliceStartNs;
    /** Cells whose awaited reply arrived: resumed in the next duty cycle. */
    private final ArrayDeque<Cell> resumable = new ArrayDeque<>();
    final int mailboxCapacity;
    final KernelCounters counters = new KernelCounters();
    private final NanoClock clock;
    /** Journals this kernel's inputs and output digests; null when journaling is off (the default). */
    Recorder recorder;
    /** Cells that resume from the journal instead of starting (durable restart); null when none. */
    private java.util.HashMap<Cell, Replayer.Restored> restores;
    private final TimerWheel timers;
    private final OneToOneChannel[] inbound;
    private final OneToOneChannel[] outbound;
    private final ArrayBlockingQueue<Runnable> commands = new ArrayBlockingQueue<>(COMMAND_QUEUE_CAPACITY);
    private final ArrayDeque<Object[]> pendingNotices = new ArrayDeque<>();
    private final ArrayList<Cell> pendingStarts = new ArrayList<>();
    private final Cell[] readyHead = new Cell[PRIORITIES];
    private final Cell[] readyTail = new Cell[PRIORITIES];
    private final Consumer<TimerWheel.Entry> onTimer = this::onTimer;
    private final java.util.HashMap<String, Budget> budgets = new java.util.HashMap<>();
    private long readyBits;
    /** The time of the current duty cycle. */
    long nowNs;
    private long spawnCounter;
    private int spreadCursor;
    /**
     * The live (started) cells: the kernel's own list of them (in slot order), also published for readers on other
     * threads (the SQL tables).
     */
    private final dev.lepus.kernel.directory.SlotDirectory<Cell> directory =
        new dev.lepus.kernel.directory.SlotDirectory<>();
    private boolean closing;
    private volatile Thread thread;
    /** This kernel's sockets, made when a component first opens one; written once, by the kernel thread. */
    private volatile KernelNet net;

    Kernel(final Node node, final int index, final KernelLevel level, final NanoClock clock,
            final int mailboxCapacity, final int kernelCount, final int channelCapacity) {
        this.node = node;
        this.index = index;
        this.level = level;
        this.suspendable = level.canSuspend();
        this.watchdogNs = node.settings().watchdog().toNanos();
        if (level == KernelLevel.L3) {
            HandlerStack.OnContinuation.check();
        }
        this.clock = clock;
        this.mailboxCapacity = mailboxCapacity;
        this.nowNs = clock.nanoTime();
        this.timers = new TimerWheel(TimerWheel.DEFAULT_TICK_NS, TimerWheel.DEFAULT_BUCKETS, nowNs);
        this.inbound = new OneToOneChannel[kernelCount];
        this.outbound = new OneToOneChannel[kernelCount];
    }

    /** Connects the channel from {@code from} to {@code to}; called once per ordered pair at node creation. */
    static void connect(final Kernel from, final Kernel to, final int capacity) {
        final OneToOneChannel ch = new OneToOneChannel(capacity);
        from.outbound[to.index] = ch;
        to.inbound[from.index] = ch;
    }

    /**
     * This kernel's index in its node.
     *
     * @return the index
     */
    public int index() {
        return index;
    }

    @Override
    public String roleName() {
        return "kernel-" + index;
    }

    /**
     * Binds the kernel to the calling thread: for stepping by hand.
     */
    public void bindToCurrentThread() {
        thread = Thread.currentThread();
    }

    boolean inKernelThread() {
        final Thread t = Thread.currentThread();
        return thread == null || thread == t || handlerThread == t;
    }

    // ---------------------------------------------------------------- duty cycle

    @Override
    public void onStart() {
        bindToCurrentThread();
        if (level == KernelLevel.L2 || level == KernelLevel.L3 || watchdogNs > 0) {
            poller = new dev.lepus.kernel.checkpoint.Poller(this::onCheckPoint)
                .everyNth(level == KernelLevel.L2 || level == KernelLevel.L3 ? SLICE_POLLS : 0);
            dev.lepus.kernel.checkpoint.CheckPoint.register(poller);
            activePoller = poller;
        }
    }

    /**
     * L3: a handler past its time slice yields its continuation at this check point; it resumes after the others
     * ready on this kernel had their turn (in the next duty cycle). A pinned continuation (a monitor held) runs on.
     */
    private void preemptIfSliceOver() {
        final Cell c = running;
        if (c == null || c.stack == null || Thread.currentThread() != thread
                || clock.nanoTime() - sliceStartNs < L3_SLICE_NS) {
            return;
        }
        preempted.add(c);
        try {
            c.stack.suspend();
        } catch (final IllegalStateException pinned) {
            preempted.remove(c);
            return;
        }
        counters.preemptions++;
        sliceStartNs = clock.nanoTime();
    }

    /**
     * This kernel's rows of the system state, read on the kernel thread (or when no kernel thread runs): the published
     * rows of {@link #describePublished}, the cells waiting for their start, and the timers. A null list is not
     * filled.
     */
    void describe(final List<SystemState.KernelRow> kernelRows, final List<SystemState.ComponentRow> componentRows,
            final List<SystemState.ChannelRow> channelRows, final List<SystemState.TimerRow> timerRows) {
        if (componentRows != null) {
            for (final Cell c : pendingStarts) {
                componentRows.add(componentRow(c));
            }
        }
        describePublished(kernelRows, componentRows, channelRows);
        if (timerRows != null) {
            describeTimers(timerRows);
        }
    }

    /**
     * This kernel's rows that any thread may read while the kernel runs, without a command and without a lock: its
     * counters, its live (started) components from the {@link CellDirectory}, and its outbound channels. Values are
     * plain fields the kernel writes, so they may be slightly stale, and rows are not all from the same instant.
     * Components are left out when {@code componentRows} is null. Threadsafe.
     */
    void describePublished(final List<SystemState.KernelRow> kernelRows,
            final List<SystemState.ComponentRow> componentRows, final List<SystemState.ChannelRow> channelRows) {
        final KernelCounters k = counters;
        kernelRows.add(new SystemState.KernelRow(index, level.name(), directory.size(), k.delivered, k.sentRemote,
            k.refusedFull + k.refusedStopped + k.refusedDenied + k.refusedRevoked, k.deadLetters, k.failures,
            k.restarts, k.timerFirings, k.budgetOverruns, k.watchdogStops, recorder != null));
        if (componentRows != null) {
            directory.forEach(c -> {
                if (c.stateAcquire() != Cell.STOPPED) { // a reader may hold the array from before a growth
                    componentRows.add(componentRow(c));
                }
            });
        }
        for (int to = 0; to < outbound.length; to++) {
            if (outbound[to] != null) {
                channelRows.add(new SystemState.ChannelRow(index, to, (int) outbound[to].size(), outbound[to].capacity()));
            }
        }
    }

    /** The timers' row; kernel thread (the wheel is walked). */
    void describeTimers(final List<SystemState.TimerRow> timerRows) {
        final long next = timers.earliestDeadlineNs();
        timerRows.add(new SystemState.TimerRow(index, timers.size(), next == Long.MAX_VALUE ? -1 : next));
    }

    /** A component's row; reads the cell's plain fields, racily when called off the kernel thread. */
    private SystemState.ComponentRow componentRow(final Cell c) {
        final int state = c.stateAcquire();
        final Recorder.CellLog log = c.journal;
        final Budget b = c.budget;
        return new SystemState.ComponentRow(Long.toHexString(c.id), c.name, c.component.getClass().getName(), index,
            c.priority, c.suspended ? "SUSPENDED" : state == Cell.RUNNING ? "RUNNING" : state == Cell.NEW ? "NEW"
            : "STOPPED", c.size, c.parent == null ? null : c.parent.name, c.incarnation, c.outstandingAsks,
            c.budgetSpec == null ? null : String.valueOf(c.budgetSpec), log == null ? -1 : log.seq, c.received,
            c.sent, c.refused, b == null ? -1 : b.totalNs, b == null ? -1 : b.overruns);
    }

    /** The kernel thread's poller, or null when this kernel has no use for check points. */
    dev.lepus.kernel.checkpoint.Poller poller() {
        return poller;
    }

    /** L2, L3: check points between looks at the clock or for higher-priority work while a handler runs. */
    static final int SLICE_POLLS = 1024;
    /** L3: how long a handler runs before it yields at a check point to the others ready on its kernel. */
    static final long L3_SLICE_NS = 10_000_000L;

    /**
     * At a check point in a running handler (only components loaded through the loader have them): the watchdog's
     * verdict first, then on L2 the events of higher-priority components, run nested on this stack (QK's rule) after
     * a look at the channels and the timers.
     */
    void onCheckPoint() {
        if (overrun) {
            overrun = false;
            counters.watchdogStops++;
            final Cell c = running;
            throw new HandlerOverrun("the handler of '" + (c == null ? "?" : c.name) + "' on kernel " + index
                + " ran past the watchdog's limit of " + watchdogNs / 1_000_000 + " ms; stopped at a check point");
        }
        if (level == KernelLevel.L3) {
            preemptIfSliceOver();
            return;
        }
        if (level != KernelLevel.L2 || running == null || nesting >= 64) {
            return;
        }
        nesting++;
        try {
            nowNs = clock.nanoTime();
            for (final OneToOneChannel ch : inbound) {
                if (ch != null) {
                    ch.drain(this, DRAIN_LIMIT);
                }
            }
            if (timers.size() > 0) {
                timers.expire(nowNs, onTimer);
            }
            if ((readyBits & (runningPriority == 63 ? 0 : -1L << (runningPriority + 1))) != 0) {
                counters.nestedDispatches++;
                dispatch(DISPATCH_LIMIT, runningPriority);
            }
        } finally {
            nesting--;
        }
    }

    @Override
    public int doWork() {
        assert inKernelThread() : "doWork outside the kernel thread";
        nowNs = clock.nanoTime();
        int work = runCommands();
        work += startPending();
        final OneToOneChannel[] in = inbound;
        for (final OneToOneChannel ch : in) {
            if (ch != null) {
                work += ch.drain(this, DRAIN_LIMIT);
            }
        }
        final KernelNet sockets = net;
        if (sockets != null) {
            work += sockets.poll(nowNs);
        }
        if (timers.size() > 0) {
            work += timers.expire(nowNs, onTimer);
        }
        if (!resumable.isEmpty()) {
            work += resumeAwaiting();
        }
        work += dispatch(DISPATCH_LIMIT, -1);
        if (!preempted.isEmpty()) {
            resumable.addAll(preempted); // their turn comes after everyone else's of this cycle
            preempted.clear();
        }
        if (!pendingNotices.isEmpty()) {
            work += retryNotices();
        }
        if (recorder != null && work > 0) {
            recorder.commit(); // before flush: what other kernels, the console and sockets see next is journaled first
        }
        flush();
        if (sockets != null) {
            sockets.flush();
        }
        return work;
    }

    private int runCommands() {
        int n = 0;
        Runnable r;
        while (n < COMMAND_QUEUE_CAPACITY && (r = commands.poll()) != null) {
            r.run();
            n++;
        }
        return n;
    }

    private int startPending() {
        final int n = pendingStarts.size();
        if (n == 0) {
            return 0;
        }
        final Cell[] starting = pendingStarts.toArray(new Cell[0]);
        pendingStarts.clear();
        for (final Cell c : starting) {
            startCell(c);
        }
        return n;
    }

    /** Publishes this cycle's outbound entries and wakes sleeping consumers (see the sleep protocol). */
    private void flush() {
        final OneToOneChannel[] out = outbound;
        long published = 0;
        for (int k = 0; k < out.length; k++) {
            final OneToOneChannel ch = out[k];
            if (ch != null && ch.publish()) {
                published |= 1L << k;
            }
        }
        if (published != 0) {
            VarHandle.fullFence(); // StoreLoad between the publish and the read of the consumer's sleeping flag
            final Kernel[] all = node.kernels();
            while (published != 0) {
                final int k = Long.numberOfTrailingZeros(published);
                published &= published - 1;
                all[k].wakeUpIfSleeping();
            }
        }
    }

    private void wakeUpIfSleeping() {
        if (sleeping != 0) {
            wakeUp();
        }
    }

    @Override
    public boolean prepareToSleep() {
        SLEEPING.setVolatile(this, 1);
        VarHandle.fullFence(); // StoreLoad: the acquire loads in hasWork() must not move above the store
        if (hasWork()) {
            sleeping = 0;
            return false;
        }
        return true;
    }

    @Override
    public void awake() {
        sleeping = 0;
    }

    @Override
    public void wakeUp() {
        // A kernel with sockets sleeps in its selector. It makes `net` while it runs, before it can announce a
        // sleep, so a producer that read sleeping = 1 (volatile) reads the new `net` (volatile) after it.
        final KernelNet sockets = net;
        if (sockets != null) {
            sockets.wakeUp();
            return;
        }
        final Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Sleeps in the selector once this kernel has sockets, so that a socket, a message or a command wakes it; else
     * parks.
     */
    @Override
    public void sleep(final long maxNs) {
        final KernelNet sockets = net;
        if (sockets != null) {
            sockets.sleep(maxNs);
        } else {
            LockSupport.parkNanos(maxNs);
        }
    }

    /** This kernel's sockets, made on first use. Kernel thread. */
    KernelNet net() {
        assert inKernelThread() : "net outside the kernel thread";
        KernelNet n = net;
        if (n == null) {
            n = new KernelNet(this);
            net = n;
        }
        return n;
    }

    /** Queues a socket event in its owner's mailbox (a kernel event: not bounded by the mailbox capacity). */
    void queueNet(final Cell c, final NetEvent e) {
        deliverLocal(c, e, NET, false);
    }

    /** Asserts that a component's socket is used on its kernel's thread. */
    void assertOwner(final Cell c, final String what) {
        assert inKernelThread() : "component '" + c.name + "' tried to " + what + " outside its kernel's thread";
    }

    /**
     * Whether work is waiting: ready components, commands, pending starts or notices, or published inbound entries.
     * Kernel thread only.
     *
     * @return true if a duty cycle would do something (timers aside)
     */
    public boolean hasWork() {
        if (readyBits != 0 || !commands.isEmpty() || !pendingStarts.isEmpty() || !pendingNotices.isEmpty()) {
            return true;
        }
        for (final OneToOneChannel ch : inbound) {
            if (ch != null && ch.hasEntries()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code command} on the kernel thread at its next duty cycle. Threadsafe.
     *
     * @param command the command
     * @throws IllegalStateException if the command queue is full
     */
    public void execute(final Runnable command) {
        if (!commands.offer(command)) {
            throw new IllegalStateException("command queue of kernel " + index + " is full ("
                + COMMAND_QUEUE_CAPACITY + ")");
        }
        VarHandle.fullFence();
        wakeUpIfSleeping();
    }

    /**
     * The earliest timer deadline on this kernel (a scan; for simulation, not the duty cycle).
     *
     * @return the deadline, or {@link Long#MAX_VALUE}
     */
    public long earliestTimerNs() {
        return timers.earliestDeadlineNs();
    }

    // ---------------------------------------------------------------- dispatch

    /** Runs ready components, highest priority first, only those above {@code floor} (-1: all). */
    private int dispatch(final int limit, final int floor) {
        int n = 0;
        long bits;
        final long eligible = floor < 0 ? -1L : floor == 63 ? 0 : -1L << (floor + 1);
        while (n < limit && (bits = readyBits & eligible) != 0) {
            final int p = 63 - Long.numberOfLeadingZeros(bits);
            final Cell c = readyHead[p];
            if (c.state == Cell.RUNNING && c.size > 0 && !c.suspended) {
                // Run a burst of c's events while nothing of higher priority becomes ready.
                final long higher = p == 63 ? 0 : -1L << (p + 1);
                // At most the events queued when the burst starts: an event the component sends itself (a continue
                // after a refused send) waits for its next turn instead of looping within this burst.
                final int max = Math.min(Math.min(BURST, limit - n), c.size);
                final Budget b = c.budget;
                if (b == null) {
                    int burst = 0;
                    do {
                        deliverOne(c);
                        burst++;
                    } while (burst < max && c.size > 0 && (readyBits & higher) == 0 && c.state == Cell.RUNNING
                        && !c.suspended);
                    c.received += burst;
                    n += burst;
                } else if (b.exhausted(clock.nanoTime())) {
                    popReady(p, c); // deferred to the next period; stays marked ready so sends do not queue it
                    defer(b, c);
                    continue;
                } else {
                    final int burst = dispatchBudgeted(c, b, max, higher);
                    c.received += burst;
                    n += burst;
                }
            }
            popReady(p, c);
            if (c.size > 0 && c.state == Cell.RUNNING && !c.suspended) {
                pushReady(c);
            } else {
                c.inReady = false;
            }
        }
        counters.delivered += n;
        return n;
    }

    /** A burst of a budgeted component: each handler's time is charged, and the burst ends when the budget does. */
    private int dispatchBudgeted(final Cell c, final Budget b, final int max, final long higher) {
        int burst = 0;
        do {
            final long t0 = clock.nanoTime();
            deliverOne(c);
            if (b.charge(clock.nanoTime() - t0)) {
                counters.budgetOverruns++;
            }
            burst++;
        } while (burst < max && c.size > 0 && (readyBits & higher) == 0 && c.state == Cell.RUNNING && !c.suspended
            && b.usedNs < b.budgetNs);
        return burst;
    }

    private void defer(final Budget b, final Cell c) {
        counters.budgetDeferrals++;
        b.deferred.add(c);
        if (!b.isScheduled()) {
            timers.schedule(b, b.nextPeriodNs());
        }
    }

    /** The budget's new period began: its deferred components are ready again. */
    private void replenish(final Budget b) {
        b.refresh(nowNs);
        for (final Cell d : b.deferred) {
            if (d.state == Cell.RUNNING && d.size > 0) {
                pushReady(d);
            } else {
                d.inReady = false;
            }
        }
        b.deferred.clear();
    }

    private void deliverOne(final Cell c) {
        final Object[] mb = c.mailbox;
        final int h = c.head;
        final int i = (h << 1) & (mb.length - 1);
        final Object message = mb[i];
        final Object meta = mb[i + 1];
        mb[i] = null;
        mb[i + 1] = null;
        c.head = (h + 1) & ((mb.length >> 1) - 1);
        c.size--;
        if (poller == null && !suspendable) {
            invoke(c, message, meta); // L1 without a watchdog: nothing to track
            return;
        }
        deliverTracked(c, message, meta);
    }

    /** L2, L3, L4 or a watchdog: the running cell is known to check points, and handlers may run on their stacks. */
    private void deliverTracked(final Cell c, final Object message, final Object meta) {
        final Cell outer = running;
        final int outerPriority = runningPriority;
        running = c;
        runningPriority = c.priority;
        if (watchdogNs > 0) {
            HANDLER_RUNS.setOpaque(this, handlerRuns + 1);
            IN_HANDLER.setOpaque(this, 1);
        }
        try {
            if (suspendable) {
                runOnStack(c, () -> invoke(c, message, meta));
            } else {
                invoke(c, message, meta);
            }
        } finally {
            running = outer;
            runningPriority = outerPriority;
            if (watchdogNs > 0) {
                IN_HANDLER.setOpaque(this, outer == null ? 0 : 1);
            }
        }
    }

    /** For the watchdog thread: handler runs started so far, and whether one runs now (opaque loads). */
    long handlerRunsSeen() {
        return (long) HANDLER_RUNS.getOpaque(this);
    }

    boolean inHandlerSeen() {
        return (int) IN_HANDLER.getOpaque(this) != 0;
    }

    /** L3, L4: runs an event on the cell's handler stack; if it suspends in await, the cell waits for its reply. */
    private void runOnStack(final Cell c, final Runnable event) {
        final HandlerStack s = c.stack != null ? c.stack
            : level == KernelLevel.L3 ? new HandlerStack.OnContinuation()
            : new HandlerStack.OnThread(this, c.name, !node.settings().platformThreads());
        c.stack = s;
        if (poller != null) {
            sliceStartNs = clock.nanoTime();
        }
        if (s.run(event)) {
            afterStackRun(c);
        } else {
            c.suspended = true;
        }
    }

    private void afterStackRun(final Cell c) {
        c.suspended = false;
        if (level == KernelLevel.L3) {
            c.stack = null; // a continuation per event; an L4 thread stays with its cell
        }
    }

    /** Resumes the handlers whose awaited replies arrived. */
    private int resumeAwaiting() {
        int n = 0;
        Cell c;
        while ((c = resumable.poll()) != null) {
            if (c.state != Cell.RUNNING || !c.suspended) {
                continue;
            }
            n++;
            final Cell outer = running;
            final int outerPriority = runningPriority;
            running = c;
            runningPriority = c.priority;
            if (poller != null) {
                sliceStartNs = clock.nanoTime();
            }
            final boolean finished;
            try {
                finished = c.stack.resume();
            } finally {
                running = outer;
                runningPriority = outerPriority;
            }
            if (finished) {
                afterStackRun(c);
                if (c.size > 0 && !c.inReady && c.state == Cell.RUNNING) {
                    pushReady(c);
                }
            }
        }
        return n;
    }

    /**
     * Called on a handler's stack by {@code await}: suspends until the reply arrives (then {@link ReplyEndpoint}
     * holds it).
     */
    void await(final Cell c, final ReplyEndpoint re) {
        re.awaited = true;
        c.stack.suspend();
    }

    /** Hands one event to a component. Kept small so that the JIT inlines it into the dispatch loop. */
    @SuppressWarnings("unchecked")
    private void invoke(final Cell c, final Object message, final Object meta) {
        if (meta instanceof CapNode via && (!CapNode.CHECKS || !via.revoked) && recorder == null) { // the fast path
            c.currentBadge = via.badge;
            try {
                c.component.onMessage(c, message);
            } catch (final Throwable t) {
                fail(c, t, null);
                return;
            }
            if (c.stopRequested) {
                stopCell(c, false);
            }
            return;
        }
        invokeOther(c, message, meta);
    }

    /** Every event but a plain message through a valid cap: revoked deliveries, timers, replies, asks, signals. */
    @SuppressWarnings("unchecked")
    private void invokeOther(final Cell c, final Object message, final Object meta) {
        if (meta instanceof CapNode via && via.revoked) {
            counters.revokedAtDelivery++; // accepted before the revoke, never delivered after it
            return;
        }
        final Recorder rec = recorder;
        c.currentBadge = 0;
        try {
            if (meta instanceof CapNode via) { // a plain message while journaling
                c.currentBadge = via.badge;
                if (rec != null) {
                    rec.message(c, message, via.badge);
                }
                c.component.onMessage(c, message);
            } else if (meta instanceof KernelTimer t) {
                if (rec != null) {
                    rec.timer(c, t);
                }
                c.component.onMessage(c, message);
            } else if (meta instanceof ReplyEndpoint re && re.owner == c) {
                if (re.incarnation != c.incarnation) {
                    counters.lateReplies++; // asked by an instance that has since been restarted
                    return;
                }
                if (rec != null) {
                    rec.reply(c, re, message);
                }
                c.outstandingAsks--;
                re.complete(message);
            } else if (meta instanceof ReplyEndpoint request) {
                if (request.via.revoked) {
                    counters.revokedAtDelivery++;
                    sendSignal(request, new AskException(AskException.Reason.REFUSED,
                        "the cap to '" + c.name + "' was revoked before the request was delivered"));
                    return;
                }
                c.currentBadge = request.via.badge;
                if (rec != null) {
                    rec.message(c, message, request.via.badge);
                }
                c.component.onMessage(c, message);
            } else if (meta == NET) {
                if (!net.handle(c, (NetEvent) message)) {
                    return; // nothing was delivered (a read that found nothing): no event
                }
            } else if (message instanceof Signal.ChildFailed cf) {
                if (rec != null) {
                    rec.childFailure(c, cf.failure());
                }
                c.component.onChildFailure(c, cf.failure());
                if (cf.failure().action() == RestartPolicy.Action.ESCALATE) {
                    if (rec != null) {
                        rec.endEvent(c);
                    }
                    fail(c, new EscalationException(cf.failure()), null);
                    return;
                }
            } else {
                if (rec != null) {
                    rec.message(c, message, 0);
                }
                c.component.onMessage(c, message);
            }
        } catch (final Throwable t) {
            if (rec != null) {
                rec.failed(c, t);
            }
            fail(c, t, meta);
            return;
        }
        if (rec != null) {
            rec.endEvent(c);
        }
        if (c.stopRequested) {
            stopCell(c, false);
        }
    }

    private void pushReady(final Cell c) {
        final int p = c.priority;
        c.nextReady = null;
        final Cell tail = readyTail[p];
        if (tail == null) {
            readyHead[p] = c;
            readyBits |= 1L << p;
        } else {
            tail.nextReady = c;
        }
        readyTail[p] = c;
        c.inReady = true;
    }

    private void popReady(final int p, final Cell c) {
        final Cell next = c.nextReady;
        readyHead[p] = next;
        if (next == null) {
            readyTail[p] = null;
            readyBits &= ~(1L << p);
        }
        c.nextReady = null;
    }

    // ---------------------------------------------------------------- sending

    /** Sends on behalf of the running component (or the kernel). */
    SendResult send(final Endpoint target, final Object message, final Object meta) {
        if (target.kernel == this) {
            return deliverLocal(target, message, meta, true);
        }
        // No look at a remote target's state here: its cell's lines are written by its own kernel at every delivery.
        // Sends through caps learn of a stopped target from CapNode.targetStopped; anything else that reaches a
        // stopped cell is dead-lettered and counted by the receiving kernel (onEntry).
        if (!outbound[target.kernel.index].offer(target, message, meta)) {
            counters.refusedFull++;
            return SendResult.FULL;
        }
        counters.sentRemote++;
        return SendResult.OK;
    }

    private SendResult deliverLocal(final Endpoint target, final Object message, final Object meta,
            final boolean bounded) {
        if (target instanceof Cell c) {
            if (c.state == Cell.STOPPED) {
                counters.refusedStopped++;
                return SendResult.STOPPED;
            }
            if (!c.enqueue(message, meta, bounded)) {
                counters.refusedFull++;
                return SendResult.FULL;
            }
            if (c.state == Cell.RUNNING && !c.inReady) {
                pushReady(c);
            }
            return SendResult.OK;
        }
        return deliverReply((ReplyEndpoint) target, message);
    }

    private SendResult deliverReply(final ReplyEndpoint re, final Object message) {
        if (re.state != ReplyEndpoint.PENDING || re.owner.state == Cell.STOPPED) {
            counters.lateReplies++;
            return SendResult.OK;
        }
        re.state = ReplyEndpoint.ARRIVED;
        if (re.timeout != null) {
            timers.cancel(re.timeout);
        }
        if (re.awaited) { // its asker is suspended in await: resumed with it in the next duty cycle
            re.awaitedOutcome = message;
            resumable.add(re.owner);
            return SendResult.OK;
        }
        deliverLocal(re.owner, message, re, false);
        return SendResult.OK;
    }

    /** Completes an ask locally with a failure or a value; its callbacks run later as an event of the asker. */
    void completeAsk(final ReplyEndpoint re, final Object outcome) {
        deliverReply(re, outcome);
    }

    /** Consumes one entry of an inbound channel. */
    @Override
    public boolean onEntry(final Object target, final Object message, final Object meta) {
        if (message instanceof Signal s) {
            onSignal((Cell) target, s);
            return true;
        }
        if (target instanceof Cell c) {
            if (c.state == Cell.STOPPED) {
                deadLetter(c, message, meta);
                return true;
            }
            if (!c.enqueue(message, meta, true)) {
                counters.backpressure++;
                return false; // leave it in the channel: the channel fills and its producer gets FULL
            }
            if (c.state == Cell.RUNNING && !c.inReady) {
                pushReady(c);
            }
            return true;
        }
        deliverReply((ReplyEndpoint) target, message);
        return true;
    }

    /** A kernel notice (signal or ask failure) to any endpoint; waits for room rather than being lost. */
    void sendSignal(final Endpoint target, final Object message) {
        if (target.kernel == this) {
            if (message instanceof Signal s && !(s instanceof Signal.ChildFailed)) {
                onSignal((Cell) target, s);
            } else {
                deliverLocal(target, message, message instanceof Signal ? SIGNAL : null, false);
            }
            return;
        }
        if (!pendingNotices.isEmpty() || !outbound[target.kernel.index].offer(target, message, null)) {
            if (pendingNotices.size() >= MAX_PENDING_NOTICES) {
                counters.noticesLost++;
                node.reportError(new IllegalStateException("kernel " + index + " notice queue full; lost notice "
                    + message + " to " + target));
                return;
            }
            pendingNotices.add(new Object[] {target, message});
        }
    }

    private int retryNotices() {
        int n = 0;
        Object[] e;
        while ((e = pendingNotices.peek()) != null) {
            final Endpoint target = (Endpoint) e[0];
            if (!outbound[target.kernel.index].offer(target, e[1], null)) {
                break;
            }
            pendingNotices.poll();
            n++;
        }
        return n;
    }

    private void onSignal(final Cell c, final Signal s) {
        switch (s) {
            case Signal.Start ignored -> startCell(c);
            case Signal.Stop ignored -> stopCell(c, false);
            case Signal.ChildStopped cs -> {
                if (c.children != null) {
                    c.children.remove(cs.child());
                }
            }
            case Signal.ChildFailed cf -> {
                if (c.state == Cell.STOPPED) {
                    counters.deadLetters++;
                } else {
                    deliverLocal(c, cf, SIGNAL, false);
                }
            }
        }
    }

    private void deadLetter(final Cell c, final Object message, final Object meta) {
        if (meta instanceof ReplyEndpoint re && re.owner != c) {
            sendSignal(re, new AskException(AskException.Reason.CALLEE_STOPPED,
                "'" + c.name + "' stopped before it replied"));
        } else if (!(message instanceof Signal) && !(meta instanceof ReplyEndpoint)) {
            counters.deadLetters++;
        }
    }

    // ---------------------------------------------------------------- timers

    KernelTimer schedule(final KernelTimer t, final long delayNs) {
        timers.schedule(t, nowNs + delayNs);
        return t;
    }

    void cancel(final KernelTimer t) {
        timers.cancel(t);
    }

    private void onTimer(final TimerWheel.Entry entry) {
        if (entry instanceof Budget b) {
            replenish(b);
            return;
        }
        final KernelTimer t = (KernelTimer) entry;
        if (t.ask != null) {
            t.ask.timeout = null;
            if (t.ask.state == ReplyEndpoint.PENDING) {
                counters.askTimeouts++;
                completeAsk(t.ask, new AskException(AskException.Reason.TIMEOUT, "no reply from '"
                    + t.ask.calleeName + "' to '" + t.owner.name + "' within the timeout"));
            }
            return;
        }
        if (t.cancelled || t.owner.incarnation != t.incarnation || t.owner.state != Cell.RUNNING) {
            return;
        }
        counters.timerFirings++;
        deliverLocal(t.owner, t.message, t, false);
        if (t.periodNs > 0) {
            long next = t.deadlineNs() + t.periodNs;
            if (next - nowNs <= 0) {
                counters.timerOverruns++;
                next = nowNs + t.periodNs;
            }
            timers.schedule(t, next);
        }
    }

    // ---------------------------------------------------------------- life cycle of cells

    /** Creates a cell on {@code spec}'s kernel; it starts at that kernel's next duty cycle. */
    Cell spawn(final Spawn<?> spec, final Cell parent) {
        final Kernel target = node.place(spec, this);
        final long id = ((long) index << 48) | spawnCounter++;
        final Cell c = new Cell(target, id, spec, parent);
        if (parent != null) {
            if (parent.children == null) {
                parent.children = new ArrayList<>(4);
            }
            parent.children.add(c);
        }
        node.componentSpawned();
        if (target == this) {
            pendingStarts.add(c);
        } else {
            sendSignal(c, Signal.START);
        }
        return c;
    }

    /**
     * Queues a root cell created on another thread before the kernel started, or by a command.
     */
    void adopt(final Cell c) {
        pendingStarts.add(c);
    }

    /**
     * Places a spawn: on the named kernel, or round-robin from this kernel.
     */
    int nextSpread(final int kernels) {
        final int k = spreadCursor;
        spreadCursor = (k + 1) % kernels;
        return k;
    }

    private void startCell(final Cell c) {
        if (c.state != Cell.NEW) {
            return;
        }
        linkCell(c);
        if (c.budgetSpec != null) {
            c.budget = budgetFor(c);
            if (c.budget == null) {
                return;
            }
        }
        c.stateRelease(Cell.RUNNING);
        final Replayer.Restored restored = restores == null ? null : restores.remove(c);
        if (restored != null) {
            resume(c, restored);
            return;
        }
        if (runStart(c) && c.size > 0 && !c.inReady && c.state == Cell.RUNNING) {
            pushReady(c);
        }
    }

    /** A restored cell takes its rebuilt instance and journal position, and its timers are armed again. */
    private void resume(final Cell c, final Replayer.Restored r) {
        c.component = (dev.lepus.api.Component) r.instance();
        final Recorder.CellLog log = new Recorder.CellLog();
        log.seq = r.nextSeq();
        log.eventSeq = r.nextSeq() - 1;
        log.timers = r.timers();
        log.asks = r.asks();
        c.journal = log;
        for (final ReplayContext.TimerState ts : r.timersToArm()) {
            final KernelTimer t = new KernelTimer(c, ts.message(), ts.periodNs(), null);
            t.number = ts.number();
            log.active.put(ts.number(), ts);
            schedule(t, ts.periodNs() > 0 ? ts.periodNs() : ts.delayNs());
        }
        if (c.size > 0 && !c.inReady) {
            pushReady(c);
        }
    }

    /** A failure from outside (fault injection): journaled as an input, then supervised like a handler's throw. */
    void injectFault(final Cell c, final Throwable fault) {
        if (c.state != Cell.RUNNING) {
            return;
        }
        if (recorder != null) {
            recorder.fault(c, fault);
        }
        fail(c, fault, null);
    }

        /** Journals a snapshot of each of this kernel's components that can have one; kernel thread. */
    int snapshotAll() {
        if (recorder == null) {
            return 0;
        }
        final int[] n = {0};
        directory.forEach(c -> {
            if (recorder.snapshot(c)) {
                n[0]++;
            }
        });
        recorder.commit();
        return n[0];
    }

        /** Before the node starts: this cell resumes from {@code r} instead of starting. */
    void restoreOnStart(final Cell c, final Replayer.Restored r) {
        if (restores == null) {
            restores = new java.util.HashMap<>();
        }
        restores.put(c, r);
    }

    /** Before the node starts: the cells waiting for their start. */
    void forEachPendingStart(final Consumer<Cell> action) {
        pendingStarts.forEach(action);
    }

        /** The budget a cell starts with: its own, or its group's on this kernel. Null (and the cell stopped) if bad. */
    private Budget budgetFor(final Cell c) {
        final dev.lepus.api.CpuBudget spec = c.budgetSpec;
        if (spec.group().isEmpty()) {
            return new Budget(spec, clock.nanoTime());
        }
        final Budget b = budgets.computeIfAbsent(spec.group(), g -> new Budget(spec, clock.nanoTime()));
        if (!b.spec.equals(spec)) {
            node.reportError(new IllegalArgumentException("component '" + c.name + "' asks for budget group '"
                + spec.group() + "' as " + spec + ", but kernel " + index + " has it as " + b.spec + "; not started"));
            c.stateRelease(Cell.RUNNING);
            stopCell(c, true);
            return null;
        }
        return b;
    }

    /** Runs onStart; a throw goes to supervision. Returns false if the cell did not survive it. */
    @SuppressWarnings("unchecked")
    private boolean runStart(final Cell c) {
        final Recorder rec = recorder;
        try {
            if (rec != null) {
                rec.start(c);
            }
            c.component.onStart(c);
        } catch (final Throwable t) {
            if (rec != null) {
                rec.failed(c, t);
            }
            fail(c, t, null);
            return false;
        }
        if (rec != null) {
            rec.endEvent(c);
        }
        if (c.stopRequested) {
            stopCell(c, false);
            return false;
        }
        return true;
    }

    private void linkCell(final Cell c) {
        c.slot = directory.add(c);
    }

    private void unlinkCell(final Cell c) {
        if (c.slot < 0) {
            return; // never linked (stopped before it started)
        }
        directory.remove(c.slot);
        c.slot = -1;
    }

    /**
     * Stops a cell: onStop (unless it failed), its children, its mailbox reported as undelivered.
     */
    @SuppressWarnings("unchecked")
    void stopCell(final Cell c, final boolean failed) {
        if (c.state == Cell.STOPPED) {
            return;
        }
        final boolean wasRunning = c.state == Cell.RUNNING;
        c.stateRelease(Cell.STOPPED);
        final KernelNet sockets = net;
        if (sockets != null) {
            sockets.closeAll(c);
        }
        c.selfNode.markTargetStopped();
        if (c.stack != null && Thread.currentThread() != handlerThread) {
            c.stack.discard(); // a suspended handler is dropped; an L4 cell's thread ends
            c.stack = null;
            c.suspended = false;
        }
        c.incarnation++;
        if (!failed && wasRunning) {
            try {
                if (recorder != null) {
                    recorder.stop(c);
                }
                c.component.onStop(c);
                if (recorder != null) {
                    recorder.endEvent(c);
                    recorder.stateAfterStop(c);
                }
            } catch (final Throwable t) {
                counters.failures++;
                node.reportError(new IllegalStateException("onStop of '" + c.name + "' threw", t));
            }
        }
        if (c.children != null && !closing) {
            for (final Cell child : c.children) {
                sendSignal(child, Signal.STOP);
            }
        }
        c.children = null;
        final Object[] mb = c.mailbox;
        if (mb != null) {
            final int mask = mb.length - 1;
            for (int k = 0; k < c.size; k++) {
                final int i = ((c.head + k) << 1) & mask;
                final Object meta = mb[i + 1];
                if (closing) {
                    if (!(mb[i] instanceof Signal) && !(meta instanceof ReplyEndpoint re && re.owner == c)) {
                        counters.undeliveredAtShutdown++;
                    }
                } else {
                    deadLetter(c, mb[i], meta);
                }
            }
        }
        c.mailbox = null;
        c.size = 0;
        c.head = 0;
        unlinkCell(c);
        if (c.parent != null && !closing) {
            sendSignal(c.parent, new Signal.ChildStopped(c));
        }
        counters.stopped++;
        if (!closing) {
            node.componentStopped();
        }
    }

    private void fail(final Cell c, final Throwable cause, final Object meta) {
        counters.failures++;
        if (meta instanceof ReplyEndpoint re && re.owner != c) {
            sendSignal(re, new AskException(AskException.Reason.CALLEE_FAILED,
                "'" + c.name + "' failed while handling the request: " + cause));
        }
        final RestartPolicy policy = c.policy;
        final int inWindow = recordFailure(c, policy);
        RestartPolicy.Action action = policy.action();
        if (action == RestartPolicy.Action.RESTART && inWindow > policy.maxRestarts()) {
            action = RestartPolicy.Action.ESCALATE;
        }
        final Failure failure = new Failure(c.self(), c.name, cause, action, inWindow);
        if (action == RestartPolicy.Action.RESTART) {
            counters.restarts++;
            restartCell(c);
            notifySupervisor(c, failure);
        } else {
            notifySupervisor(c, failure); // first: a root escalation decides the node's exit status
            stopCell(c, true);
        }
    }

    private void notifySupervisor(final Cell c, final Failure failure) {
        if (c.parent == null) {
            node.onRootFailure(failure);
        } else {
            sendSignal(c.parent, new Signal.ChildFailed(failure));
        }
    }

    private int recordFailure(final Cell c, final RestartPolicy policy) {
        final int max = policy.maxRestarts() + 1;
        if (c.failureTimesNs == null) {
            c.failureTimesNs = new long[max + 1]; // a ring of failure times, then the number of failures
        }
        final long[] times = c.failureTimesNs;
        final long failures = times[max];
        times[(int) (failures % max)] = nowNs;
        times[max] = failures + 1;
        final long windowNs = policy.window().toNanos();
        int inWindow = 0;
        for (int k = 0; k < Math.min(failures + 1, max); k++) {
            if (nowNs - times[k] < windowNs) {
                inWindow++;
            }
        }
        return inWindow;
    }

    private void restartCell(final Cell c) {
        c.incarnation++;
        final KernelNet sockets = net;
        if (sockets != null) {
            sockets.closeAll(c); // the fresh instance knows none of them
        }
        c.stopRequested = false;
        c.outstandingAsks = 0;
        if (c.children != null) {
            for (final Cell child : c.children) {
                sendSignal(child, Signal.STOP);
            }
            c.children = null;
        }
        try {
            c.component = c.factory.get();
            if (recorder != null) {
                recorder.restart(c);
            }
        } catch (final Throwable t) {
            stopCell(c, true);
            node.reportError(new IllegalStateException("restart of '" + c.name + "' failed: its factory threw", t));
            return;
        }
        if (runStart(c) && c.size > 0 && !c.inReady && c.state == Cell.RUNNING) {
            pushReady(c);
        }
    }

    @Override
    public void onClose() {
        closing = true;
        for (final Cell c : pendingStarts) {
            stopCell(c, false);
        }
        pendingStarts.clear();
        directory.forEach(c -> stopCell(c, false)); // a stopped cell leaves its slot; the scan goes on
        counters.pendingNoticesAtShutdown = pendingNotices.size();
        flush(); // what onStop handlers sent to other kernels is counted as left in the channels
        final KernelNet sockets = net;
        if (sockets != null) {
            sockets.flush();
            sockets.close();
        }
        if (recorder != null) {
            recorder.close();
        }
    }

    /**
     * Components alive on this kernel. Kernel thread (or after it ended).
     *
     * @return the count
     */
    public int componentCount() {
        return directory.size();
    }

    /**
     * This kernel's counters; plain fields written by the kernel thread, so a reader on another thread may see
     * slightly stale values.
     *
     * @return the counters
     */
    public KernelCounters counters() {
        return counters;
    }

    /** Every cap of every component on this kernel; on the kernel thread (or after it ended). */
    List<CapInfo> capabilities() {
        final ArrayList<CapInfo> list = new ArrayList<>();
        directory.forEach(c -> c.selfNode.visit(n -> list.add(new CapInfo(n.id, n.holder == null ? "(node)"
            : n.holder.name, n.target instanceof Cell t ? t.name : String.valueOf(n.target), n.rights, n.badge,
            n.parent == null ? 0 : n.parent.id, n.revoked, n.deleted))));
        return list;
    }

    List<OneToOneChannel> inboundChannels() {
        final ArrayList<OneToOneChannel> list = new ArrayList<>();
        for (final OneToOneChannel ch : inbound) {
            if (ch != null) {
                list.add(ch);
            }
        }
        return list;
    }
}
