package dev.lepus.kernel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.lepus.api.AskException;
import dev.lepus.api.Cap;
import dev.lepus.api.Config;
import dev.lepus.api.Context;
import dev.lepus.api.Promise;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;
import dev.lepus.api.Timer;

/**
 * The context a replayed component runs in: every call that the live kernel journals as an input ({@code nowNs()},
 * {@code random()}, a spawned child's id, the result of a refused send, a cancel, delete, revoke or stop) takes its
 * value from the journal, and every output is mixed into the event's digest exactly as the {@link Recorder} mixes it,
 * and goes nowhere else. Timers and asks are numbered as the recorder numbers them, so that the journal's timer
 * firings and replies find the message or promise they belong to.
 *
 * <p>Thread contract: confined to the replaying thread.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class ReplayContext implements Context<Object> {

    /** Makes the caps a replayed component sees, from their journal names. */
    interface CapMaker {
        /** A cap to the endpoint of this journal key, with these rights and badge. */
        <Q> Cap<Q> cap(String key, int rights, long badge);
    }

    /** Caps to stand-ins: sends through them are outputs to digest and go nowhere (a replay for checking). */
    static final CapMaker STAND_INS = ReplayContext::standIn;

    /** Where inline inputs come from: the component's next journal records. */
    interface Inputs {
        /** The value of the next record, which must be of {@code kind}; else the replay diverged here. */
        long take(int kind, String call);

        /** The next record if it is a RESULT of {@code call}, consumed; else null. */
        Long takeResultIf(int call);

        /** The outcome of an await: the next record must be the AWAITED reply of ask {@code number}. */
        Object takeAwaited(int number);
    }

    private final long id;
    private final String name;
    private final Config config;
    private final Map<String, Cap<?>> grants;
    private final Cap<Object> self;
    private final OutputDigest outputs;
    private final Inputs inputs;
    private final java.io.PrintStream trace;
    private final CapMaker caps;
    /** Where a spawn's factory goes, by the child's id, for the child's own replay. */
    private final Map<Long, java.util.function.Supplier<?>> spawned;

    /** The timers the component set, by number, while they may still fire. */
    final Map<Integer, TimerState> timerStates = new java.util.TreeMap<>();
    final Map<Integer, ReplayPromise> promises = new HashMap<>();
    int timers;
    int asks;
    long digest = Digest.EMPTY;
    int outputCount;
    long badge;
    final ArrayList<String> outputLog = new ArrayList<>();
    private ReplayNet net;

    ReplayContext(final long id, final String name, final Config config, final Map<String, Cap<?>> grants,
            final OutputDigest outputs, final Inputs inputs, final java.io.PrintStream trace, final CapMaker caps,
            final Map<Long, java.util.function.Supplier<?>> spawned) {
        this.spawned = spawned;
        this.id = id;
        this.name = name;
        this.config = config;
        this.grants = grants;
        this.caps = caps;
        this.self = caps.cap("c" + Long.toHexString(id), Cap.ALL, 0);
        this.outputs = outputs;
        this.inputs = inputs;
        this.trace = trace;
    }

    /** A cap to a stand-in; it refuses sends as stopped if it ever reaches a live kernel. */
    static <Q> Cap<Q> standIn(final String key, final int rights, final long badge) {
        final CapNode n = new CapNode(new ReplayTarget(key), rights, badge, null, null);
        n.targetStopped = true;
        return CapIssuer.INSTANCE.capOf(n);
    }

    /** A new event: its digest starts empty. */
    void beginEvent(final long eventBadge) {
        digest = Digest.EMPTY;
        outputCount = 0;
        badge = eventBadge;
        outputLog.clear();
    }

    /** A restart: a fresh instance numbers its timers and asks from zero. */
    void restart() {
        timers = 0;
        asks = 0;
        timerStates.clear();
        promises.clear();
    }

    private void out(final long h, final String what) {
        digest = h;
        outputCount++;
        if (trace != null) {
            outputLog.add(what);
        }
    }

    @Override
    public Cap<Object> self() {
        return self;
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
        final CapNode via = CapIssuer.node(to);
        out(outputs.send(digest, via, message), "send " + message + " to " + via.target.journalKey());
        final Long r = inputs.takeResultIf(Recorder.OUT_SEND);
        return r == null ? SendResult.OK : SendResult.values()[r.intValue()];
    }

    @Override
    public <Q, R> Promise<R> ask(final Cap<Q> to, final Function<Cap<R>, ? extends Q> request,
            final Duration timeout) {
        final CapNode via = CapIssuer.node(to);
        final int number = asks;
        final Q q = request.apply(caps.cap("r" + Long.toHexString(id) + "." + number, Cap.SEND | Cap.GRANT, 0));
        out(outputs.ask(digest, via, q, timeout.toNanos()), "ask " + q + " of " + via.target.journalKey());
        asks++;
        final ReplayPromise p = new ReplayPromise(number);
        promises.put(number, p);
        return (Promise<R>) (Promise) p;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T await(final Promise<T> promise) {
        if (!(promise instanceof ReplayPromise p)) {
            throw new IllegalArgumentException("await: not a promise of an ask by component '" + name + "'");
        }
        if (!p.isDone()) {
            promises.remove(p.number);
            p.complete(inputs.takeAwaited(p.number));
        }
        if (p.outcome instanceof AskException failure) {
            throw failure;
        }
        return (T) p.outcome;
    }

    @Override
    public Timer after(final Duration delay, final Object message) {
        return timer(delay.toNanos(), 0, message);
    }

    @Override
    public Timer every(final Duration period, final Object message) {
        return timer(period.toNanos(), period.toNanos(), message);
    }

    private Timer timer(final long delayNs, final long periodNs, final Object message) {
        final int number = timers++;
        out(outputs.timer(digest, delayNs, periodNs, message), "timer #" + number + " " + message);
        timerStates.put(number, new TimerState(number, message, delayNs, periodNs));
        return new ReplayTimer(number);
    }

    @Override
    public boolean cancel(final Timer timer) {
        final int number = timer instanceof ReplayTimer t ? t.number : -1;
        out(outputs.other(digest, Recorder.OUT_CANCEL, null, null, number), "cancel timer #" + number);
        final boolean cancelled = inputs.take(Recorder.RESULT, "cancel") != 0;
        if (cancelled) {
            timerStates.remove(number);
        }
        return cancelled;
    }

    @Override
    public long nowNs() {
        return inputs.take(Recorder.NOW, "nowNs()");
    }

    @Override
    public long random() {
        return inputs.take(Recorder.RANDOM, "random()");
    }

    @Override
    public <Q> Cap<Q> spawn(final Spawn<Q> spec) {
        final long child = inputs.take(Recorder.SPAWNED, "spawn(" + spec.name() + ")");
        spawned.put(child, spec.factory());
        return caps.cap("c" + Long.toHexString(child), Cap.ALL, 0);
    }

    @Override
    public long badge() {
        return badge;
    }

    @Override
    public <Q> Cap<Q> mint(final Cap<Q> cap, final int rights, final long newBadge) {
        final CapNode n = CapIssuer.node(cap);
        final CapNode child = n.derive(rights, newBadge, null);
        out(outputs.mint(digest, n, rights, newBadge), "mint from " + n.target.journalKey());
        return child.cap();
    }

    @Override
    public <Q> Cap<Q> copy(final Cap<Q> cap) {
        final CapNode n = CapIssuer.node(cap);
        return mint(cap, n.rights, n.badge);
    }

    @Override
    public boolean delete(final Cap<?> cap) {
        out(outputs.other(digest, Recorder.OUT_DELETE, CapIssuer.node(cap), null, 0), "delete " + cap);
        return inputs.take(Recorder.RESULT, "delete") != 0;
    }

    @Override
    public int revoke(final Cap<?> cap) {
        out(outputs.other(digest, Recorder.OUT_REVOKE, CapIssuer.node(cap), null, 0), "revoke " + cap);
        return (int) inputs.take(Recorder.RESULT, "revoke");
    }

    @Override
    public <Q> Cap<Q> granted(final String grantName) {
        final Cap<?> cap = grants.get(grantName);
        if (cap == null) {
            throw new IllegalArgumentException("component '" + name + "' has no grant named '" + grantName + "'");
        }
        return (Cap<Q>) cap;
    }

    @Override
    public void stop() {
        out(outputs.other(digest, Recorder.OUT_STOP, null, null, 0), "stop");
    }

    @Override
    public boolean stop(final Cap<?> child) {
        out(outputs.other(digest, Recorder.OUT_STOP_CHILD, CapIssuer.node(child), null, 0), "stop " + child);
        return inputs.take(Recorder.RESULT, "stop(child)") != 0;
    }

    @Override
    public void log(final String line) {
        out(outputs.other(digest, Recorder.OUT_LOG, null, line, 0), "log \"" + line + "\"");
    }

    @Override
    public void shutdown(final int exitCode) {
        out(outputs.other(digest, Recorder.OUT_SHUTDOWN, null, null, exitCode), "shutdown " + exitCode);
    }

    /** A timer the component set: what a restore arms again if it has not fired (or is periodic). */
    record TimerState(int number, Object message, long delayNs, long periodNs) {
    }

    /** A timer as replay numbers it. */
    record ReplayTimer(int number) implements Timer {
        @Override
        public boolean isActive() {
            return true;
        }
    }

    /** An ask's promise in a replay: completed by the journal's REPLY record. */
    static final class ReplayPromise implements Promise<Object> {
        final int number;
        private final ArrayList<Consumer<? super Object>> onSuccess = new ArrayList<>(1);
        private final ArrayList<Consumer<? super AskException>> onFailure = new ArrayList<>(1);
        private Object outcome;
        private boolean done;

        ReplayPromise(final int number) {
            this.number = number;
        }

        void complete(final Object value) {
            done = true;
            outcome = value;
            if (value instanceof AskException failure) {
                onFailure.forEach(c -> c.accept(failure));
            } else {
                onSuccess.forEach(c -> c.accept(value));
            }
            onSuccess.clear();
            onFailure.clear();
        }

        @Override
        public Promise<Object> onSuccess(final Consumer<? super Object> action) {
            if (!done) {
                onSuccess.add(action);
            } else if (!(outcome instanceof AskException)) {
                action.accept(outcome);
            }
            return this;
        }

        @Override
        public Promise<Object> onFailure(final Consumer<? super AskException> action) {
            if (!done) {
                onFailure.add(action);
            } else if (outcome instanceof AskException failure) {
                action.accept(failure);
            }
            return this;
        }

        @Override
        public boolean isDone() {
            return done;
        }
    }

    @Override
    public dev.lepus.api.net.Net net() {
        if (net == null) {
            net = new ReplayNet(this, inputs);
        }
        return net;
    }

    /** The replayed net API group (made on first use). */
    ReplayNet replayNet() {
        return (ReplayNet) net();
    }

    /** A socket call, mixed as {@link Recorder#output(Cell, int, CapNode, String, long)} mixes it. */
    void netOutput(final String text, final long n) {
        out(outputs.other(digest, Recorder.OUT_NET, null, text, n), "net " + text + " " + n);
    }

    /** A socket call with a cap (a hand-over). */
    void netOutput(final CapNode cap, final String text, final long n) {
        out(outputs.other(digest, Recorder.OUT_NET, cap, text, n), "net " + text + " " + n);
    }

    /** Bytes written to a connection, mixed as {@link Recorder#netWrite} mixes them. */
    void netWrite(final long connectionId, final java.nio.ByteBuffer data) {
        out(OutputDigest.netWrite(digest, connectionId, data), "write " + data.remaining() + " bytes to connection "
            + connectionId);
    }
}
