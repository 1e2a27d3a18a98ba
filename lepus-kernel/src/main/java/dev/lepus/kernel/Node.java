package dev.lepus.kernel;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.lepus.api.Cap;
import dev.lepus.api.Failure;
import dev.lepus.api.RestartPolicy;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.agent.AgentRunner;
import dev.lepus.kernel.channel.OneToOneChannel;

/**
 * A node: one JVM's kernels, one per core by default, connected by one channel per ordered pair. The node boots root
 * components, supervises them (it is the system supervisor), and ends with an {@link ExitStatus} and a
 * {@link ShutdownReport}.
 *
 * <p>Thread contract: threadsafe. The kernels run on their own threads after {@link #start()}, or are stepped by hand
 * when the settings say {@code manual}.
 *
 * <pre>
 * CREATED -> RUNNING    start()
 * RUNNING -> STOPPING   shutdown(): a component asked, a root failure escalated, or every component stopped
 * STOPPING -> CLOSED    stop(): kernel threads joined, components stopped, leftovers counted
 * </pre>
 */
public final class Node implements AutoCloseable {

    private final NodeSettings settings;
    private final Kernel[] kernels;
    private final AgentRunner[] runners;
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicLong rootSpawns = new AtomicLong();
    private final AtomicInteger rootSpread = new AtomicInteger();
    private final AtomicLong errors = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<String, Cap<Object>> roots =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicReference<ExitStatus> exit = new AtomicReference<>();
    private final CountDownLatch exited = new CountDownLatch(1);
    private volatile boolean started;
    private volatile ShutdownReport report;

    /**
     * Creates a node and its kernels and channels; nothing runs until {@link #start()}.
     *
     * @param settings the settings
     */
    public Node(final NodeSettings settings) {
        this.settings = settings.conclude();
        final int n = settings.kernels();
        this.kernels = new Kernel[n];
        for (int k = 0; k < n; k++) {
            kernels[k] = new Kernel(this, k, settings.level(k), settings.clock(), settings.mailboxCapacity(), n,
                settings.channelCapacity());
        }
        for (final Kernel from : kernels) {
            for (final Kernel to : kernels) {
                if (from != to) {
                    Kernel.connect(from, to, settings.channelCapacity());
                }
            }
        }
        if (settings.journal().policy() != dev.lepus.kernel.journal.JournalPolicy.OFF) {
            for (final Kernel k : kernels) {
                k.recorder = new Recorder(k, dev.lepus.kernel.journal.JournalWriter.open(settings.journal(), k.index),
                    new MessageCodec(), settings.snapshotEvery());
            }
        }
        this.runners = new AgentRunner[settings.manual() ? 0 : n];
        for (int k = 0; k < runners.length; k++) {
            runners[k] = new AgentRunner(kernels[k], settings.newIdleStrategy(k), this::reportError);
        }
    }

    /**
     * The kernels.
     *
     * @return the kernels, by index (do not modify the array)
     */
    public Kernel[] kernels() {
        return kernels;
    }

    /**
     * Spawns a root component, supervised by the node. Before {@link #start()} it starts with the node; after, at its
     * kernel's next duty cycle. Threadsafe.
     *
     * @param spec what to spawn and where
     * @param <Q> the protocol
     * @return the cap to the component
     */
    public <Q> Cap<Q> spawn(final Spawn<Q> spec) {
        final int k = spec.kernel() == Spawn.ANY_KERNEL
            ? Math.floorMod(rootSpread.getAndIncrement(), kernels.length)
            : checkKernel(spec.kernel(), spec.name());
        final Kernel kernel = kernels[k];
        final long id = (0xFFFFL << 48) | rootSpawns.getAndIncrement();
        final Cell cell = new Cell(kernel, id, spec, null);
        live.incrementAndGet();
        if (started && !settings.manual()) {
            kernel.execute(() -> kernel.adopt(cell));
        } else {
            kernel.adopt(cell);
        }
        roots.putIfAbsent(spec.name(), cell.self());
        @SuppressWarnings("unchecked")
        final Cap<Q> cap = (Cap<Q>) (Cap<?>) cell.self();
        return cap;
    }

    /**
     * The self cap of a root component, by name: for tools and tests that drive a booted system from outside. It is
     * not part of the component API, which has no global names.
     *
     * @param name the component's name
     * @return its cap, if a root component of that name was spawned
     */
    public java.util.Optional<Cap<Object>> root(final String name) {
        return java.util.Optional.ofNullable(roots.get(name));
    }

    /**
     * Gives {@code holder}, under a local name, a cap derived from {@code target} with {@code rights}, before the node
     * starts (or, on a hand-stepped node, between steps). The derived cap is a child of {@code target}: revoking that revokes the grant.
     *
     * @param holder the component that receives the cap
     * @param name the name under which it finds it ({@code ctx.granted(name)})
     * @param target the cap to derive from
     * @param rights the rights of the derived cap, a subset of the target's
     * @return the derived cap
     */
    public Cap<?> grant(final Cap<?> holder, final String name, final Cap<?> target, final int rights) {
        return grant(holder, name, target, rights, CapIssuer.node(target).badge);
    }

    /**
     * As {@link #grant(Cap, String, Cap, int)}, with a badge on the derived cap (the target must be unbadged).
     *
     * @param holder the component that receives the cap
     * @param name the local name
     * @param target the cap to derive from
     * @param rights the rights, a subset of the target's
     * @param badge the badge delivered with every message sent through the derived cap
     * @return the derived cap
     */
    public Cap<?> grant(final Cap<?> holder, final String name, final Cap<?> target, final int rights,
            final long badge) {
        if (started && !settings.manual()) {
            throw new IllegalStateException("grants are set before the node starts (or on a hand-stepped node)");
        }
        if (!(CapIssuer.resolve(holder) instanceof Cell c)) {
            throw new IllegalArgumentException("only components hold grants: " + holder);
        }
        final CapNode t = CapIssuer.node(target);
        final Cap<?> derived = CapIssuer.INSTANCE.capOf(t.derive(rights, badge, c));
        c.addGrant(name, derived);
        return derived;
    }

    /**
     * Gives {@code holder} a cap to {@code target} with the send right under a local name, before the node starts.
     *
     * @param holder the component that receives the cap
     * @param name the name under which it finds it
     * @param target the cap to derive from
     */
    public void grant(final Cap<?> holder, final String name, final Cap<?> target) {
        grant(holder, name, target, Cap.SEND);
    }

    /**
     * Sends a message from outside the node (a test, the CLI) to a component; it runs on the target's kernel.
     * Threadsafe; in manual mode it takes effect at that kernel's next step.
     *
     * @param to the receiver
     * @param message the message
     * @param <Q> the protocol
     */
    public <Q> void tell(final Cap<Q> to, final Q message) {
        MessageTypes.checkMessage(message);
        final CapNode via = CapIssuer.node(to);
        final Endpoint e = via.target;
        final boolean caps = CapTransfer.carriesCaps(message.getClass());
        if (caps && (via.rights & dev.lepus.api.Cap.GRANT) == 0) {
            throw new IllegalArgumentException("tell: the message carries caps, but " + to + " lacks the grant right");
        }
        final Object m = caps ? CapTransfer.transfer(message,
            e instanceof Cell c ? c : ((ReplyEndpoint) e).owner) : message;
        e.kernel.execute(() -> {
            final SendResult r = via.revoked ? SendResult.REVOKED : e.kernel.send(e, m, via);
            if (r != SendResult.OK) {
                reportError(new IllegalStateException("tell to " + e + " refused: " + r));
            }
        });
    }

    /**
     * Makes a component fail as if its handler had thrown {@code reason}: its supervisor decides what happens next.
     * For fault injection in simulation and chaos tests; journaled as an input, so that replay reproduces it.
     * Threadsafe; takes effect at the target kernel's next duty cycle, and not at all if the component stopped.
     *
     * @param target a cap to the component
     * @param reason what the failure says
     */
    public void injectFault(final Cap<?> target, final String reason) {
        final Endpoint e = CapIssuer.resolve(target);
        if (!(e instanceof Cell c)) {
            throw new IllegalArgumentException("injectFault: " + target + " is not a component");
        }
        c.kernel.execute(() -> c.kernel.injectFault(c, new InjectedFault(reason)));
    }

    /**
     * Writes each kernel's in-memory journal ring out as segment files under {@code dir} (for a post-mortem), on the
     * kernels' own threads; with a file journal, forces it to disk. Waits until every kernel did.
     *
     * @param dir an empty folder (or one without segments)
     * @throws InterruptedException if interrupted while waiting
     */
    public void dumpJournal(final java.nio.file.Path dir) throws InterruptedException {
        final CountDownLatch done = new CountDownLatch(kernels.length);
        final AtomicReference<RuntimeException> failed = new AtomicReference<>();
        for (final Kernel k : kernels) {
            final Runnable dump = () -> {
                try {
                    if (k.recorder != null) {
                        k.recorder.dump(dir);
                    }
                } catch (final RuntimeException ex) {
                    failed.compareAndSet(null, ex);
                } finally {
                    done.countDown();
                }
            };
            if (settings.manual() || !started) {
                dump.run();
            } else {
                k.execute(dump);
            }
        }
        done.await();
        if (failed.get() != null) {
            throw failed.get();
        }
    }

        /**
     * Journals a snapshot of every component that can have one now (see {@link dev.lepus.api.Snapshottable}), each on
     * its own kernel's thread; waits until every kernel did. Nothing happens when journaling is off.
     *
     * @return the snapshots journaled
     * @throws InterruptedException if interrupted while waiting
     */
    public int snapshot() throws InterruptedException {
        final CountDownLatch done = new CountDownLatch(kernels.length);
        final AtomicInteger taken = new AtomicInteger();
        for (final Kernel k : kernels) {
            final Runnable snap = () -> {
                try {
                    taken.addAndGet(k.snapshotAll());
                } finally {
                    done.countDown();
                }
            };
            if (settings.manual() || !started) {
                snap.run();
            } else {
                k.execute(snap);
            }
        }
        done.await();
        return taken.get();
    }

        /** The failure {@link #injectFault} causes. */
    public static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(final String reason) {
            super("injected fault: " + reason, null, false, false);
        }
    }

    /**
     * Every cap of every component, with holder, target, rights, badge and derivation parent: a snapshot taken on
     * each kernel's own thread (or directly in manual mode). Threadsafe.
     *
     * @return the caps, kernel by kernel, each component's tree depth first
     * @throws InterruptedException if interrupted while waiting for a kernel
     */
    public List<CapInfo> capabilities() throws InterruptedException {
        final List<CapInfo> all = new ArrayList<>();
        for (final Kernel k : kernels) {
            if (!started || settings.manual() || exit.get() != null) {
                all.addAll(k.capabilities());
            } else {
                final CompletableFuture<List<CapInfo>> f = new CompletableFuture<>();
                k.execute(() -> f.complete(k.capabilities()));
                try {
                    all.addAll(f.get(10, TimeUnit.SECONDS));
                } catch (final ExecutionException | TimeoutException ex) {
                    throw new IllegalStateException("kernel " + k.index() + " did not answer", ex);
                }
            }
        }
        return all;
    }

    /**
     * The whole system state as rows: every {@link SystemState.Part}. Threadsafe.
     *
     * @return the state
     * @throws InterruptedException if interrupted while waiting for a kernel
     * @see #state(Set)
     */
    public SystemState state() throws InterruptedException {
        return state(EnumSet.allOf(SystemState.Part.class));
    }

    /**
     * The system state as rows: the kernels and channels always, and the parts asked for. While the node runs,
     * kernels, components and channels are read from what each kernel publishes ({@code Kernel#describePublished}),
     * with no command to any kernel and no lock: a reader does not stop or slow a kernel, and may see values a little
     * stale. Caps and timers live in structures only their kernel may walk, so asking for them sends each kernel a
     * command that it runs between two events. Before the node starts, in manual mode and after it was told to stop,
     * everything is read directly (components waiting for their start included). Threadsafe.
     *
     * @param parts what to read besides kernels and channels (a part not asked for is an empty list)
     * @return the state
     * @throws InterruptedException if interrupted while waiting for a kernel
     */
    public SystemState state(final Set<SystemState.Part> parts) throws InterruptedException {
        final boolean components = parts.contains(SystemState.Part.COMPONENTS);
        final boolean timers = parts.contains(SystemState.Part.TIMERS);
        final List<SystemState.KernelRow> kernelRows = new ArrayList<>();
        final List<SystemState.ComponentRow> componentRows = new ArrayList<>();
        final List<SystemState.ChannelRow> channelRows = new ArrayList<>();
        final List<SystemState.TimerRow> timerRows = new ArrayList<>();
        final boolean direct = !started || settings.manual() || exit.get() != null;
        for (final Kernel k : kernels) {
            if (direct) {
                k.describe(kernelRows, components ? componentRows : null, channelRows, timers ? timerRows : null);
            } else {
                k.describePublished(kernelRows, components ? componentRows : null, channelRows);
            }
        }
        if (!direct && timers) {
            for (final Kernel k : kernels) {
                final CompletableFuture<Void> f = new CompletableFuture<>();
                k.execute(() -> {
                    k.describeTimers(timerRows);
                    f.complete(null);
                });
                try {
                    f.get(10, TimeUnit.SECONDS);
                } catch (final ExecutionException | TimeoutException ex) {
                    throw new IllegalStateException("kernel " + k.index() + " did not answer", ex);
                }
            }
        }
        return new SystemState(List.copyOf(kernelRows), List.copyOf(componentRows),
            parts.contains(SystemState.Part.CAPS) ? capabilities() : List.of(), List.copyOf(channelRows),
            List.copyOf(timerRows));
    }

    /** The settings, concluded. */
    NodeSettings settings() {
        return settings;
    }

    /**
     * The watchdog: a daemon thread that looks at every kernel every quarter of the limit (at least every
     * millisecond) and, when one handler run has lasted longer than the limit, asks the kernel to stop it at its next
     * check point. It reads the kernels' counters with opaque loads and writes only their overrun flag (volatile) and
     * the poller's request (volatile), so it never stops a kernel.
     */
    private void startWatchdog() {
        final long limit = settings.watchdog().toNanos();
        if (limit <= 0 || settings.manual()) {
            return;
        }
        final long period = Math.max(1_000_000L, limit / 4);
        final Thread t = Thread.ofPlatform().daemon().name("lepus-watchdog").unstarted(() -> {
            final long[] runs = new long[kernels.length];
            final long[] since = new long[kernels.length];
            java.util.Arrays.fill(runs, -1);
            while (exit.get() == null) {
                java.util.concurrent.locks.LockSupport.parkNanos(period);
                final long now = System.nanoTime();
                for (int k = 0; k < kernels.length; k++) {
                    final Kernel kernel = kernels[k];
                    if (!kernel.inHandlerSeen()) {
                        runs[k] = -1;
                        continue;
                    }
                    final long r = kernel.handlerRunsSeen();
                    if (r != runs[k]) {
                        runs[k] = r;
                        since[k] = now;
                    } else if (now - since[k] > limit && !kernel.overrun) {
                        kernel.overrun = true;
                        final dev.lepus.kernel.checkpoint.Poller p = kernel.activePoller;
                        if (p != null) {
                            p.request();
                        }
                    }
                }
            }
        });
        t.start();
    }

    /** Starts the kernel threads (nothing in manual mode), after a durable restore if asked for. */
    public void start() {
        if (settings.restore() && settings.journal().policy() != dev.lepus.kernel.journal.JournalPolicy.OFF) {
            restoreFromJournal();
        }
        started = true;
        for (final AgentRunner r : runners) {
            r.start();
        }
        startWatchdog();
    }

    /**
     * Waits until the node is told to shut down.
     *
     * @param timeout the longest wait
     * @return the exit status, or null if the timeout passed first
     * @throws InterruptedException if interrupted
     */
    public ExitStatus awaitExit(final Duration timeout) throws InterruptedException {
        if (exited.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return exit.get();
        }
        return null;
    }

    /**
     * Asks the node to stop; the first call decides the exit status. Threadsafe; does not wait.
     *
     * @param code the exit code
     * @param reason why, in words
     */
    public void shutdown(final int code, final String reason) {
        if (exit.compareAndSet(null, new ExitStatus(code, reason))) {
            for (final AgentRunner r : runners) {
                r.stop();
            }
            exited.countDown();
        }
    }

    /**
     * How the node ended, once it was told to.
     *
     * @return the status, or null while running
     */
    public ExitStatus exitStatus() {
        return exit.get();
    }

    /**
     * Stops the kernels (after their current cycle), stops every component, and counts what was left. In manual mode
     * the caller's thread closes each kernel. Idempotent.
     *
     * @return the report
     * @throws InterruptedException if interrupted while joining kernel threads
     */
    public synchronized ShutdownReport stop() throws InterruptedException {
        if (report != null) {
            return report;
        }
        shutdown(0, "closed");
        if (settings.manual() || !started) {
            for (final Kernel k : kernels) {
                k.bindToCurrentThread();
                k.onClose();
            }
        } else {
            for (final AgentRunner r : runners) {
                r.join();
            }
        }
        long mailboxes = 0;
        long channels = 0;
        long dead = 0;
        long refused = 0;
        long failures = 0;
        long restarts = 0;
        long delivered = 0;
        for (final Kernel k : kernels) {
            final KernelCounters c = k.counters;
            mailboxes += c.undeliveredAtShutdown;
            channels += c.pendingNoticesAtShutdown;
            for (final OneToOneChannel ch : k.inboundChannels()) {
                channels += ch.size();
            }
            dead += c.deadLetters;
            refused += c.refusedFull + c.refusedStopped + c.refusedDenied + c.refusedRevoked;
            failures += c.failures;
            restarts += c.restarts;
            delivered += c.delivered;
        }
        report = new ShutdownReport(exit.get(), mailboxes, channels, dead, refused, failures, restarts, delivered);
        return report;
    }

    /** Same as {@link #stop()}; an interrupt while joining is kept as the thread's interrupt status. */
    @Override
    public void close() {
        try {
            stop();
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Errors reported to the node (handler errors in kernels' own code, refused tells).
     *
     * @return the count
     */
    public long errorCount() {
        return errors.get();
    }

    /**
     * Durable restart: rebuilds each component waiting to start from its journal (its inputs up to the last commit),
     * so that it resumes instead of starting afresh. Caps in its state point at the live components of this node;
     * caps to components that do not exist here (children spawned at run time, which are not restored) refuse sends
     * as stopped.
     *
     * @throws IllegalStateException naming the component and the event if a replay diverged, or the journal is damaged
     *     beyond what can be left out
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void restoreFromJournal() {
        final java.nio.file.Path dir = settings.journal().dir();
        if (!java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        final Map<Long, Cell> cells = new java.util.HashMap<>();
        for (final Kernel k : kernels) {
            k.forEachPendingStart(c -> cells.put(c.id, c));
        }
        final Replayer.Options options = new Replayer.Options();
        options.caps = new ReplayContext.CapMaker() {
            @Override
            public <Q> Cap<Q> cap(final String key, final int rights, final long badge) {
                final Cell c = key.startsWith("c") ? cells.get(Long.parseUnsignedLong(key.substring(1), 16)) : null;
                if (c == null) {
                    return ReplayContext.standIn(key, rights, badge);
                }
                if (rights == Cap.ALL && badge == 0) {
                    return (Cap<Q>) (Cap) c.self();
                }
                return c.selfNode.derive(rights, badge, null).cap();
            }
        };
        options.factoryById = id -> cells.containsKey(id) ? cells.get(id).factory : null;
        options.only = cells.keySet();
        options.restored = new java.util.HashMap<>();
        options.fromSnapshot = true;
        final Replayer.Result result = Replayer.replay(dir, options);
        if (!result.divergences().isEmpty() || !result.problems().isEmpty()) {
            throw new IllegalStateException("cannot restore from " + dir + ": "
                + String.join("; ", result.divergences().stream().map(Object::toString).toList())
                + String.join("; ", result.problems()));
        }
        for (final Replayer.Restored r : options.restored.values()) {
            final Cell c = cells.get(r.id());
            c.kernel.restoreOnStart(c, r);
        }
        for (final String note : result.notes()) {
            console().println("lepus: " + note);
        }
        if (!options.restored.isEmpty()) {
            console().println("lepus: restored " + options.restored.size() + " component(s) from " + dir + " ("
                + result.events() + " events)");
        }
    }

    // ---------------------------------------------------------------- for kernels

    long seed() {
        return settings.seed();
    }

    PrintStream console() {
        return settings.console();
    }

    Kernel place(final Spawn<?> spec, final Kernel from) {
        final int k = spec.kernel() == Spawn.ANY_KERNEL ? from.nextSpread(kernels.length)
            : checkKernel(spec.kernel(), spec.name());
        return kernels[k];
    }

    private int checkKernel(final int k, final String name) {
        if (k < 0 || k >= kernels.length) {
            throw new IllegalArgumentException("cannot place component '" + name + "' on kernel " + k
                + ": the node has kernels 0.." + (kernels.length - 1));
        }
        return k;
    }

    void componentSpawned() {
        live.incrementAndGet();
    }

    void componentStopped() {
        if (live.decrementAndGet() == 0) {
            shutdown(0, "all components stopped");
        }
    }

    void onRootFailure(final Failure f) {
        final String what = "component '" + f.childName() + "' failed: " + f.cause();
        switch (f.action()) {
            case RESTART -> console().println("lepus: " + what + "; restarted (" + f.restarts() + " in window)");
            case STOP -> console().println("lepus: " + what + "; stopped");
            case ESCALATE -> {
                console().println("lepus: " + what + "; escalated to the node, which stops");
                shutdown(ExitStatus.FAILURE, what + " (restart policy exhausted or escalate)");
            }
        }
        if (f.action() != RestartPolicy.Action.RESTART && f.cause() != null && Boolean.getBoolean("lepus.trace")) {
            f.cause().printStackTrace(console());
        }
    }

    void reportError(final Throwable t) {
        errors.incrementAndGet();
        console().println("lepus: error: " + t);
    }
}
