package dev.lepus.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.AskException;
import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Config;
import dev.lepus.api.Context;
import dev.lepus.api.Promise;
import dev.lepus.api.RestartPolicy;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;
import dev.lepus.api.Timer;

/**
 * A component as its kernel holds it: the instance, its mailbox, its place in the ready queue, its supervisor and
 * children, and its {@link Context}. The cell stays the same across restarts, so caps to it stay valid.
 *
 * <p>Thread contract: not threadsafe. Everything is written by the owning kernel's thread only. Other kernels read
 * {@link #state} (acquire), for instance to check a stop request; readers of the kernel's directory of live cells
 * (the SQL tables) read the identity fields and, racily, the mailbox size and the counters.
 *
 * <pre>
 * NEW     -> RUNNING   start: the kernel ran onStart
 * RUNNING -> RUNNING   restart by the supervisor (incarnation + 1)
 * NEW     -> STOPPED   stopped before it started
 * RUNNING -> STOPPED   stop(), its supervisor's decision, or shutdown
 * </pre>
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class Cell extends Endpoint implements Context<Object> {

    static final int NEW = 0;
    static final int RUNNING = 1;
    static final int STOPPED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Cell.class, "state", int.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Node-unique id: the spawning kernel's index in the top 16 bits, its spawn counter below. */
    final long id;
    final String name;
    final int priority;
    final Supplier<? extends Component> factory;
    final RestartPolicy policy;
    final Config config;
    /** The supervisor, or null for a root component (supervised by the node). */
    final Cell parent;
    /** The root of this component's cap derivation tree: its self cap, with every right, held by itself. */
    final CapNode selfNode;
    /** Bit set of {@link ApiGroup} ordinals the component's manifest declares. */
    final int groups;
    /** The CPU budget asked for at spawn, or null. */
    final dev.lepus.api.CpuBudget budgetSpec;
    /** The budget charged, resolved by the owning kernel at start; null for none. */
    Budget budget;

    Component component;
    /** Written with release by the owner; read with acquire by other kernels. */
    int state = NEW;
    /** Bumped at every restart and stop; timers of an older incarnation are stale. */
    int incarnation;
    boolean stopRequested;
    ArrayList<Cell> children;
    Map<String, Cap<?>> grants;

    // Mailbox: a ring of (message, meta) pairs in one array (the meta is the cap the message came through, an ask's
    // reply endpoint, or a kernel marker), grown by doubling up to the kernel's mailbox capacity.
    Object[] mailbox;
    int head;
    int size;

    // Ready queue link (intrusive).
    Cell nextReady;
    boolean inReady;

    /** The message type last sent whose check covers every value of it: the cheap path for repeated sends. */
    Class<?> lastSentType;
    /** The badge of the message being handled. */
    long currentBadge;
    long randomState;
    /** L3: the continuation of the event in progress; L4: the component's own thread; else null. */
    HandlerStack stack;
    /** Its handler is suspended in await: no event is delivered to it until the handler returns. */
    boolean suspended;
    /** Journaling state (sequence numbers, the open event's output digest); made by the recorder, else null. */
    Recorder.CellLog journal;
    /** Failure times inside the restart window (a ring, lazily made), then the number of failures so far. */
    long[] failureTimesNs;
    int outstandingAsks;
    /** Events delivered to it, sends it made that were accepted, and sends of its that were refused. */
    long received;
    long sent;
    long refused;
    /** Its slot in the kernel's directory of live cells; -1 when not published. */
    int slot = -1;

    Cell(final Kernel kernel, final long id, final Spawn<?> spec, final Cell parent) {
        super(kernel);
        this.id = id;
        this.name = spec.name();
        this.priority = spec.priority();
        this.factory = spec.factory();
        this.policy = spec.policy();
        this.config = spec.config();
        this.budgetSpec = spec.budget().orElse(null);
        this.parent = parent;
        this.selfNode = new CapNode(this, Cap.ALL, 0, null, this);
        selfNode.cap(); // made once here, cached by the node: self() returns it
        this.randomState = kernel.node.seed() ^ (id * 0x9E3779B97F4A7C15L);
        this.component = factory.get();
        if (component == null) {
            throw new IllegalArgumentException("the factory of component '" + name + "' returned null");
        }
        this.groups = ApiGroups.of(component.getClass());
    }

    int stateAcquire() {
        return (int) STATE.getAcquire(this);
    }

    void stateRelease(final int value) {
        STATE.setRelease(this, value);
    }

    // ---------------------------------------------------------------- mailbox

    /**
     * Appends to the mailbox.
     *
     * @param bounded false for kernel-generated events (timer firings, replies, signals), which the component itself
     *     caused and which may exceed the capacity
     * @return false if the mailbox is full
     */
    boolean enqueue(final Object message, final Object meta, final boolean bounded) {
        Object[] mb = mailbox;
        final int n = size;
        if (mb == null || n << 1 == mb.length) {
            final int cap = mb == null ? 0 : mb.length >> 1;
            if (bounded && cap >= kernel.mailboxCapacity) {
                return false;
            }
            mb = grow(cap == 0 ? Kernel.INITIAL_MAILBOX : cap << 1);
        }
        final int i = ((head + n) << 1) & (mb.length - 1);
        mb[i] = message;
        mb[i + 1] = meta;
        size = n + 1;
        return true;
    }

    private Object[] grow(final int entries) {
        final Object[] next = new Object[entries << 1];
        final Object[] mb = mailbox;
        if (mb != null) {
            final int mask = mb.length - 1;
            for (int k = 0; k < size; k++) {
                final int from = ((head + k) << 1) & mask;
                next[k << 1] = mb[from];
                next[(k << 1) + 1] = mb[from + 1];
            }
        }
        head = 0;
        mailbox = next;
        return next;
    }

    // ---------------------------------------------------------------- Context

    @Override
    public Cap<Object> self() {
        return selfNode.cap();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public <Q> SendResult send(final Cap<Q> to, final Q message) {
        assert kernel.inKernelThread() : "send outside the kernel thread";
        final CapNode via = CapIssuer.node(to);
        final Recorder rec = kernel.recorder;
        if (rec != null) {
            rec.send(this, via, message);
        }
        final SendResult r;
        if (message.getClass() == lastSentType
            && (!CapNode.CHECKS || (via.rights & Cap.SEND) != 0 && !via.revoked && !via.deleted && !via.targetStopped)) {
            r = kernel.send(via.target, message, via); // the fast path: a type seen, a valid cap
        } else {
            final Object m = admit(via, message);
            r = m == null ? refusal(via) : kernel.send(via.target, m, via);
        }
        if (r == SendResult.OK) {
            sent++;
        } else {
            refused++;
            if (rec != null) {
                rec.result(this, Recorder.OUT_SEND, r.ordinal()); // replay hands this result to the same send
            }
        }
        return r;
    }

    /**
     * Checks a send through {@code via}: the cap's state and rights, the message's type, and, for a message that
     * carries caps, the grant right and the transfer.
     *
     * @return the message to send (rebuilt if it carried caps), or null if refused (see {@link #refusal})
     */
    private Object admit(final CapNode via, final Object message) {
        if (via.revoked || via.deleted || via.targetStopped || (via.rights & Cap.SEND) == 0) {
            return null;
        }
        final Class<?> type = message.getClass();
        if (type == lastSentType) {
            return message;
        }
        if (MessageTypes.checkMessage(message) && !CapTransfer.carriesCaps(type)) {
            lastSentType = type;
            return message;
        }
        if (!CapTransfer.carriesCaps(type)) {
            return message;
        }
        if ((via.rights & Cap.GRANT) == 0) {
            return null;
        }
        final Cell receiver = via.target instanceof Cell c ? c : ((ReplyEndpoint) via.target).owner;
        try {
            return CapTransfer.transfer(message, receiver);
        } catch (final CapTransfer.RevokedCapException ex) {
            return null;
        }
    }

    /** Counts and names the refusal of a send that {@link #admit} refused. */
    private SendResult refusal(final CapNode via) {
        if (via.revoked) {
            kernel.counters.refusedRevoked++;
            return SendResult.REVOKED;
        }
        if (via.targetStopped && !via.deleted && (via.rights & Cap.SEND) != 0) {
            kernel.counters.refusedStopped++;
            return SendResult.STOPPED;
        }
        kernel.counters.refusedDenied++;
        return SendResult.DENIED;
    }

    @Override
    public <Q, R> Promise<R> ask(final Cap<Q> to, final Function<Cap<R>, ? extends Q> request,
            final Duration timeout) {
        assert kernel.inKernelThread() : "ask outside the kernel thread";
        final CapNode via = CapIssuer.node(to);
        final Recorder rec = kernel.recorder;
        final String calleeName = via.target instanceof Cell c ? c.name : via.target.toString();
        final ReplyEndpoint reply = new ReplyEndpoint(kernel, this, calleeName, via);
        if (outstandingAsks >= Kernel.MAX_OUTSTANDING_ASKS) {
            kernel.completeAsk(reply, new AskException(AskException.Reason.REFUSED, "ask of '" + name + "' to '"
                + calleeName + "' refused: " + outstandingAsks + " asks outstanding already"));
            return (Promise<R>) (Promise) reply;
        }
        outstandingAsks++;
        final CapNode replyNode = new CapNode(reply, Cap.SEND | Cap.GRANT, 0, null, null);
        if (rec != null) {
            reply.number = rec.nextAskNumber(this); // before the request is made: its reply cap is named by it
        }
        final Q q = request.apply(CapIssuer.INSTANCE.capOf(replyNode));
        if (rec != null) {
            rec.ask(this, via, q, timeout);
        }
        final Object m = admitAsk(via, q);
        final SendResult result = m == null ? refusal(via) : kernel.send(via.target, m, reply);
        if (result != SendResult.OK) {
            kernel.completeAsk(reply, new AskException(AskException.Reason.REFUSED,
                "ask of '" + name + "' to '" + calleeName + "' refused: " + result));
        } else {
            reply.timeout = kernel.schedule(new KernelTimer(this, null, 0, reply), timeout.toNanos());
        }
        return (Promise<R>) (Promise) reply;
    }

    /** As {@link #admit}, but the reply cap inside an ask's request needs no grant right: the kernel made it. */
    private Object admitAsk(final CapNode via, final Object request) {
        if (via.revoked || via.deleted || via.targetStopped || (via.rights & Cap.SEND) == 0) {
            return null;
        }
        MessageTypes.checkMessage(request);
        if (!CapTransfer.carriesCaps(request.getClass()) || !carriesUserCaps(request)) {
            return request;
        }
        return admit(via, request);
    }

    private static boolean carriesUserCaps(final Object request) {
        final boolean[] found = new boolean[1];
        CapTransfer.forEachCap(request, n -> found[0] |= !(n.target instanceof ReplyEndpoint));
        return found[0];
    }

    @Override
    public long badge() {
        return currentBadge;
    }

    @Override
    public <Q> Cap<Q> mint(final Cap<Q> cap, final int rights, final long badge) {
        final CapNode n = CapIssuer.node(cap);
        if (n.revoked) {
            throw new IllegalArgumentException("cannot mint from a revoked cap: " + cap);
        }
        final CapNode child = n.derive(rights, badge, this);
        if (kernel.recorder != null) {
            kernel.recorder.mint(this, n, rights, badge);
        }
        return child.cap();
    }

    @Override
    public <Q> Cap<Q> copy(final Cap<Q> cap) {
        final CapNode n = CapIssuer.node(cap);
        return mint(cap, n.rights, n.badge);
    }

    @Override
    public boolean delete(final Cap<?> cap) {
        final CapNode n = CapIssuer.node(cap);
        final boolean deleted = n.holder == this && !n.deleted && n.parent != null;
        if (deleted) {
            n.deleted = true;
            n.unlinkIfLeaf();
        }
        if (kernel.recorder != null) {
            kernel.recorder.output(this, Recorder.OUT_DELETE, n, null, 0);
            kernel.recorder.result(this, Recorder.OUT_DELETE, deleted ? 1 : 0);
        }
        return deleted;
    }

    @Override
    public int revoke(final Cap<?> cap) {
        final CapNode n = CapIssuer.node(cap);
        if ((n.rights & Cap.REVOKE) == 0) {
            throw new IllegalArgumentException("component '" + name + "' cannot revoke " + cap
                + ": it lacks the revoke right");
        }
        final int count = n.revoke();
        if (kernel.recorder != null) {
            kernel.recorder.output(this, Recorder.OUT_REVOKE, n, null, 0);
            kernel.recorder.result(this, Recorder.OUT_REVOKE, count);
        }
        return count;
    }

    @Override
    public <T> T await(final Promise<T> promise) {
        requireGroup(ApiGroup.AWAIT, "await");
        if (!kernel.level.canSuspend()) {
            throw new IllegalStateException("component '" + name + "' called await() on kernel " + kernel.index
                + " of level " + kernel.level + ": await needs a kernel of level L3 or L4");
        }
        if (!(promise instanceof ReplyEndpoint re) || re.owner != this) {
            throw new IllegalArgumentException("await: not a promise of an ask by component '" + name + "'");
        }
        if (stack == null) {
            throw new IllegalStateException("component '" + name + "' called await() outside onMessage");
        }
        if (re.state != ReplyEndpoint.DONE) {
            kernel.await(this, re);
            re.awaited = false;
            outstandingAsks--;
            if (kernel.recorder != null) {
                kernel.recorder.awaited(this, re, re.awaitedOutcome);
            }
            re.complete(re.awaitedOutcome); // the callbacks registered on it run too, here
        }
        return awaitedValue(re);
    }

    @SuppressWarnings("unchecked")
    private static <T> T awaitedValue(final ReplyEndpoint re) {
        final Object outcome = re.outcome();
        if (outcome instanceof AskException failure) {
            throw failure;
        }
        return (T) outcome;
    }

    @Override
    public Timer after(final Duration delay, final Object message) {
        requireGroup(ApiGroup.TIMERS, "after");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("after: delay must not be negative: " + delay);
        }
        final KernelTimer t = new KernelTimer(this, message, 0, null);
        if (kernel.recorder != null) {
            kernel.recorder.timerSet(this, t, delay.toNanos());
        }
        return kernel.schedule(t, delay.toNanos());
    }

    @Override
    public Timer every(final Duration period, final Object message) {
        requireGroup(ApiGroup.TIMERS, "every");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("every: period must be positive: " + period);
        }
        final KernelTimer t = new KernelTimer(this, message, period.toNanos(), null);
        if (kernel.recorder != null) {
            kernel.recorder.timerSet(this, t, period.toNanos());
        }
        return kernel.schedule(t, period.toNanos());
    }

    @Override
    public boolean cancel(final Timer timer) {
        requireGroup(ApiGroup.TIMERS, "cancel");
        final boolean cancelled = timer instanceof KernelTimer t && t.owner == this && t.isActive();
        if (cancelled) {
            final KernelTimer t = (KernelTimer) timer;
            t.cancelled = true;
            kernel.cancel(t);
            if (kernel.recorder != null) {
                kernel.recorder.timerCancelled(this, t);
            }
        }
        if (kernel.recorder != null) {
            kernel.recorder.output(this, Recorder.OUT_CANCEL, null, null,
                timer instanceof KernelTimer t && t.owner == this ? t.number : -1);
            kernel.recorder.result(this, Recorder.OUT_CANCEL, cancelled ? 1 : 0);
        }
        return cancelled;
    }

    @Override
    public long nowNs() {
        final long now = kernel.nowNs;
        if (kernel.recorder != null) {
            kernel.recorder.value(this, Recorder.NOW, now);
        }
        return now;
    }

    @Override
    public long random() {
        // SplitMix64 (Steele, Lea, Flood 2014): tiny state, good statistical quality, deterministic per component.
        long z = (randomState += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        if (kernel.recorder != null) {
            kernel.recorder.value(this, Recorder.RANDOM, z);
        }
        return z;
    }

    @Override
    public <Q> Cap<Q> spawn(final Spawn<Q> spec) {
        assert kernel.inKernelThread() : "spawn outside the kernel thread";
        final Cell child = kernel.spawn(spec, this);
        if (kernel.recorder != null) {
            kernel.recorder.value(this, Recorder.SPAWNED, child.id);
        }
        return (Cap<Q>) (Cap) child.self();
    }


    @Override
    public <Q> Cap<Q> granted(final String grantName) {
        final Cap<?> cap = grants == null ? null : grants.get(grantName);
        if (cap == null) {
            throw new IllegalArgumentException("component '" + name + "' has no grant named '" + grantName
                + "'" + (grants == null ? " (it has no grants)" : " (it has: " + grants.keySet() + ")"));
        }
        return (Cap<Q>) cap;
    }

    /** Adds a grant from the system description: a cap derived for this component. Before the node starts. */
    void addGrant(final String grantName, final Cap<?> cap) {
        if (grants == null) {
            grants = new HashMap<>(4);
        }
        grants.put(grantName, cap);
    }

    @Override
    public void stop() {
        if (kernel.recorder != null) {
            kernel.recorder.output(this, Recorder.OUT_STOP, null, null, 0);
        }
        stopRequested = true;
    }

    @Override
    public boolean stop(final Cap<?> child) {
        final Endpoint e = CapIssuer.resolve(child);
        final boolean stopping = e instanceof Cell c && c.parent == this && c.stateAcquire() != STOPPED
            && !CapIssuer.node(child).revoked;
        if (kernel.recorder != null) {
            kernel.recorder.output(this, Recorder.OUT_STOP_CHILD, CapIssuer.node(child), null, 0);
            kernel.recorder.result(this, Recorder.OUT_STOP_CHILD, stopping ? 1 : 0);
        }
        if (stopping) {
            kernel.sendSignal(e, Signal.STOP);
        }
        return stopping;
    }

    @Override
    public void log(final String line) {
        if (kernel.recorder != null) {
            kernel.recorder.log(this, line);
            return;
        }
        kernel.node.console().println("[" + name + "] " + line);
    }

    @Override
    public void shutdown(final int exitCode) {
        if (kernel.recorder != null) {
            kernel.recorder.output(this, Recorder.OUT_SHUTDOWN, null, null, exitCode);
        }
        kernel.node.shutdown(exitCode, "requested by component '" + name + "'");
    }

    private void requireGroup(final ApiGroup group, final String call) {
        if ((groups & (1 << group.ordinal())) == 0) {
            throw new IllegalStateException("component '" + name + "' (" + component.getClass().getName()
                + ") called " + call + "() but its @Manifest does not declare " + group);
        }
    }

    @Override
    String journalKey() {
        return "c" + Long.toHexString(id);
    }

    @Override
    public String toString() {
        return name + "#" + Long.toHexString(id);
    }

    @Override
    public dev.lepus.api.net.Net net() {
        assert kernel.inKernelThread() : "net outside the kernel thread";
        requireGroup(ApiGroup.NET, "net");
        return new CellNet(this);
    }
}
