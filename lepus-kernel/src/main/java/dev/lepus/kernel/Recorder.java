package dev.lepus.kernel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;

import dev.lepus.api.AskException;
import dev.lepus.api.Cap;
import dev.lepus.api.Failure;
import dev.lepus.kernel.codec.CapResolver;
import dev.lepus.kernel.codec.CodecBuffer;
import dev.lepus.kernel.journal.JournalWriter;

/**
 * Journals one kernel's inputs and output digests, so that {@link Replay} can rebuild any component from its inputs
 * and check that it produces the same outputs (DESIGN.md section 7).
 *
 * <p>Per component, every input gets the next sequence number: its start, each message (with its badge), each reply
 * to an ask, each timer firing, each failure of a child, each value of {@code nowNs()} and {@code random()}, each id
 * of a spawned child, its stop and restarts. After each event (a handler run), a {@link #DIGEST} record carries the
 * digest of what the handler did: messages sent and asks made (target, rights, badge, message), timers set and
 * cancelled, caps minted, deleted and revoked, children stopped, log lines, stop and shutdown requests. A handler
 * that threw leaves a {@link #FAILED} record. After a component's {@code onStop}, a {@link #STATE} record carries
 * the digest of its fields ({@link StateView}).
 *
 * <p>Messages are journaled through the codec; the caps inside them are numbered by a per-journal table whose
 * entries ({@link #CAP} records) precede their first use, and the types by {@link #TYPE} records, so that a journal
 * can be read by a process that never ran the system.
 *
 * <p>Output commit: the lines components log are held until the batch they belong to is in the journal (and, with
 * the fsync policy, on disk): what a user saw acknowledged survives a crash.
 *
 * <p>Thread contract: confined to its kernel's thread.
 */
final class Recorder {

    // ---------------------------------------------------------------- record kinds (the journal's "kind" byte)

    /** A component's description, before its first input: name, class, parent, kernel, priority, config. */
    static final int SPAWN = 1;
    /** Input: onStart. */
    static final int START = 2;
    /** Input: a message, with the badge of the cap it came through. */
    static final int MESSAGE = 3;
    /** Input: the reply to (or failure of) an ask, by the ask's number. */
    static final int REPLY = 4;
    /** Input: a timer firing, by the timer's number. */
    static final int TIMER = 5;
    /** Input: a child's failure (onChildFailure). */
    static final int CHILD_FAILURE = 6;
    /** Input: a value of nowNs(). */
    static final int NOW = 7;
    /** Input: a value of random(). */
    static final int RANDOM = 8;
    /** Input: the id of a child spawned. */
    static final int SPAWNED = 9;
    /** Input: onStop. */
    static final int STOP = 10;
    /** Input: a restart by the supervisor (a fresh instance, its onStart follows). */
    static final int RESTART = 11;
    /** The handler of the event with this sequence number threw: the exception's class and message. */
    static final int FAILED = 12;
    /** The digest of the outputs of the event with this sequence number, and their count. */
    static final int DIGEST = 13;
    /** A message type: its codec type id and class name. Component id 0. */
    static final int TYPE = 14;
    /** A cap table entry: number, endpoint key, rights, badge. Component id 0. */
    static final int CAP = 15;
    /** The digest of a component's fields after its onStop. */
    static final int STATE = 17;
    /** Input: the result of an API call that depends on more than the component (see {@link #result}). */
    static final int RESULT = 18;
    /** A run of the kernel begins (after a restart, the records of the crashed run's unfinished batch precede it). */
    static final int RUN = 19;
    /** Input: a fault injected from outside (simulation): the component fails as if a handler had thrown. */
    static final int FAULT = 21;
    /** A component's state between two inputs (see {@link Snapshots}); its seq is the next input's. */
    static final int SNAPSHOT = 22;
    /** Input: the reply an await got, inside the event that awaited it, by the ask's number. */
    static final int AWAITED = 23;
    /**
     * Input: a socket event (the net API group): its kind ({@link NetEvent}), the connection's id, a number (the
     * listener's port for an accept, the close reason's ordinal for a close), and for a read the bytes read.
     */
    static final int NET = 24;
    /** A batch (duty cycle) ended: every record before it is acknowledged; what follows the last one is not. */
    static final int COMMIT = 20;

    // ---------------------------------------------------------------- output kinds (mixed into digests)

    static final int OUT_SEND = 1;
    static final int OUT_ASK = 2;
    static final int OUT_TIMER = 3;
    static final int OUT_CANCEL = 4;
    static final int OUT_MINT = 5;
    static final int OUT_DELETE = 6;
    static final int OUT_REVOKE = 7;
    static final int OUT_STOP_CHILD = 8;
    static final int OUT_STOP = 9;
    static final int OUT_SHUTDOWN = 10;
    static final int OUT_LOG = 11;
    /** Socket calls: a write (with its bytes), close, abort, listen, connect, hand-over; their refusals. */
    static final int OUT_NET = 12;

    private static final byte[] NOTHING = new byte[0];

    /** Cap table entries before the table starts over (new numbers, new CAP records): bounds its memory. */
    static final int CAP_TABLE_LIMIT = 1 << 16;

    /** Per component: its next sequence number and the open event's digest. */
    static final class CellLog {
        long seq;
        long eventSeq;
        long digest = Digest.EMPTY;
        int outputs;
        int timers;
        int asks;
        /** Inputs since the last snapshot (or the last try). */
        long sinceSnapshot;
        /** Timers that may still fire, by number. */
        final java.util.TreeMap<Integer, ReplayContext.TimerState> active = new java.util.TreeMap<>();
    }

    private final Kernel kernel;
    private final JournalWriter writer;
    private final MessageCodec codec;
    private final EventBuffer payload = new EventBuffer();
    private final CodecBuffer encoded = new CodecBuffer();
    private final OutputDigest outputs;
    private final HashMap<String, Long> capTable = new HashMap<>();
    private final ArrayList<String> heldLines = new ArrayList<>();
    /** Inputs between a component's snapshots; 0 for none but those asked for. */
    private final long snapshotEvery;
    /** Whether anything was appended since the last commit. */
    private boolean dirty;

    /** Numbers caps for the journal, writing a CAP record for each new one. */
    private final CapResolver journalCaps = new CapResolver() {
        @Override
        public long idOf(final Cap<?> cap) {
            return capNumber(CapIssuer.node(cap));
        }

        @Override
        public Cap<?> capOf(final long id) {
            throw new UnsupportedOperationException("the recorder only encodes");
        }
    };

    Recorder(final Kernel kernel, final JournalWriter writer, final MessageCodec codec, final long snapshotEvery) {
        this.kernel = kernel;
        this.snapshotEvery = snapshotEvery;
        this.writer = writer;
        this.codec = codec;
        this.outputs = new OutputDigest(codec, this::typeSeen);
        writer.confineTo(kernel::inKernelThread);
        writer.append(0, 0, RUN, NOTHING, 0, 0);
        dirty = true;
    }

    // ---------------------------------------------------------------- inputs

    void start(final Cell c) {
        beginEvent(c, START, payload.clear());
    }

    void restart(final Cell c) {
        final CellLog log = log(c);
        log.timers = 0;
        log.asks = 0;
        log.active.clear();
        input(c, RESTART, payload.clear());
    }

    void stop(final Cell c) {
        beginEvent(c, STOP, payload.clear());
    }

    void message(final Cell c, final Object message, final long badge) {
        final EventBuffer p = payload.clear().putVarLong(badge);
        encodeInto(message, p);
        beginEvent(c, MESSAGE, p);
    }

    void reply(final Cell c, final ReplyEndpoint re, final Object outcome) {
        beginEvent(c, REPLY, outcome(re, outcome));
    }

    /** An ask's number and outcome: 0 and the reply, or 1, the failure's reason and message. */
    private EventBuffer outcome(final ReplyEndpoint re, final Object outcome) {
        final EventBuffer p = payload.clear().putVarLong(re.number);
        if (outcome instanceof AskException failure) {
            p.putVarLong(1).putString(failure.reason().name()).putString(String.valueOf(failure.getMessage()));
        } else {
            p.putVarLong(0);
            encodeInto(outcome, p);
        }
        return p;
    }

    /** The reply an await got: an input inside the event in progress. */
    void awaited(final Cell c, final ReplyEndpoint re, final Object outcome) {
        input(c, AWAITED, outcome(re, outcome));
    }

    void timer(final Cell c, final KernelTimer t) {
        final CellLog log = log(c);
        if (t.periodNs == 0) {
            log.active.remove(t.number);
        }
        beginEvent(c, TIMER, payload.clear().putVarLong(t.number));
    }

    /** A timer the component cancelled will not fire. */
    void timerCancelled(final Cell c, final KernelTimer t) {
        log(c).active.remove(t.number);
    }

    void childFailure(final Cell c, final Failure f) {
        beginEvent(c, CHILD_FAILURE, payload.clear().putString(f.childName()).putString(f.action().name())
            .putVarLong(f.restarts()).putString(f.cause().getClass().getName())
            .putString(String.valueOf(f.cause().getMessage())));
    }

    /** A socket event, as it is handled. */
    void netEvent(final Cell c, final int kind, final long connectionId, final java.nio.ByteBuffer data,
            final long n, final String text) {
        final EventBuffer p = payload.clear().putVarLong(kind).putVarLong(connectionId).putVarLong(n)
            .putString(text == null ? "" : text);
        if (data != null) {
            p.putVarLong(data.remaining()).putBytes(data);
        } else {
            p.putVarLong(0);
        }
        beginEvent(c, NET, p);
    }

    /** A value the component read: nowNs(), random(), a spawned child's id. */
    void value(final Cell c, final int kind, final long v) {
        input(c, kind, payload.clear().putLong(v));
    }

    /**
     * The result of a call whose answer depends on other components or on timing: a send that was not accepted
     * (OK is not journaled), cancel, delete, revoke and stop of a child. Tagged with the call's output kind and its
     * number among the event's outputs, so that replay hands each result to the call it belongs to.
     */
    void result(final Cell c, final int call, final long v) {
        final CellLog log = log(c);
        input(c, RESULT, payload.clear().putVarLong(call).putVarLong(log.outputs).putLong(v));
    }

    /** A fault injected into the component (it fails next, as if a handler had thrown). */
    void fault(final Cell c, final Throwable t) {
        beginEvent(c, FAULT, payload.clear().putString(String.valueOf(t.getMessage())));
        endEvent(c);
    }

    /** The open event's handler threw. */
    void failed(final Cell c, final Throwable t) {
        final CellLog log = log(c);
        append(c.id, log.eventSeq, FAILED, payload.clear().putString(t.getClass().getName())
            .putString(String.valueOf(t.getMessage())));
        closeEvent(c);
    }

    /** The open event's handler returned: its digest, and every so many inputs a snapshot. */
    void endEvent(final Cell c) {
        closeEvent(c);
        final CellLog log = c.journal;
        if (snapshotEvery > 0 && ++log.sinceSnapshot >= snapshotEvery) {
            snapshot(c);
        }
    }

    /**
     * Journals a snapshot of a component, between two events: only while it runs, has no ask outstanding and no stop
     * pending, and its state can be written (see {@link Snapshots}).
     *
     * @return whether a snapshot was journaled
     */
    boolean snapshot(final Cell c) {
        final CellLog log = log(c);
        log.sinceSnapshot = 0;
        if (c.state != Cell.RUNNING || c.outstandingAsks > 0 || c.stopRequested) {
            return false;
        }
        final EventBuffer p = new EventBuffer();
        if (!Snapshots.write(c.component, log.timers, log.asks, log.active.values(), codec, journalCaps,
                this::typeSeen, p)) {
            return false;
        }
        final long index = writer.nextIndex();
        append(c.id, log.seq, SNAPSHOT, p);
        final NodeSettings.SnapshotListener listener = kernel.node.settings().snapshotListener();
        if (listener != null) {
            listener.snapshotTaken(c.id, log.seq, kernel.index, index);
        }
        return true;
    }

    private void closeEvent(final Cell c) {
        final CellLog log = log(c);
        if (log.outputs > 0) {
            append(c.id, log.eventSeq, DIGEST, payload.clear().putLong(Digest.finish(log.digest))
                .putVarLong(log.outputs));
        }
        log.digest = Digest.EMPTY;
        log.outputs = 0;
    }

    /** After onStop: the digest of the component's fields. */
    void stateAfterStop(final Cell c) {
        final CellLog log = log(c);
        append(c.id, log.eventSeq, STATE, payload.clear().putLong(StateView.digest(c.component)));
    }

    // ---------------------------------------------------------------- outputs

    void send(final Cell c, final CapNode via, final Object message) {
        final CellLog log = log(c);
        output(log, outputs.send(log.digest, via, message));
    }

    /** The number of the component's next ask (its reply cap's name in the journal). */
    int nextAskNumber(final Cell c) {
        return log(c).asks++;
    }

    /** An ask, mixed like a send. */
    void ask(final Cell c, final CapNode via, final Object request, final Duration timeout) {
        final CellLog log = log(c);
        output(log, outputs.ask(log.digest, via, request, timeout.toNanos()));
    }

    void timerSet(final Cell c, final KernelTimer t, final long delayNs) {
        final CellLog log = log(c);
        t.number = log.timers++;
        log.active.put(t.number, new ReplayContext.TimerState(t.number, t.message, delayNs, t.periodNs));
        output(log, outputs.timer(log.digest, delayNs, t.periodNs, t.message));
    }

    void mint(final Cell c, final CapNode from, final int rights, final long badge) {
        final CellLog log = log(c);
        output(log, outputs.mint(log.digest, from, rights, badge));
    }

    /** Bytes queued on a connection: mixed into the event's digest, bytes and all. */
    void netWrite(final Cell c, final long connectionId, final java.nio.ByteBuffer data) {
        final CellLog log = log(c);
        output(log, OutputDigest.netWrite(log.digest, connectionId, data));
    }

    /** A close ({@code abort} false) or an abort of a connection, or its hand-over. */
    void netClose(final Cell c, final long connectionId, final boolean abort) {
        output(c, OUT_NET, null, abort ? "abort" : "close", connectionId);
    }

    /** A listen: the port the host gave is an input (replay hands it back), the address an output. */
    void netListen(final Cell c, final dev.lepus.api.net.ListenOptions options, final int port) {
        result(c, OUT_NET, port);
        output(c, OUT_NET, null, "listen " + options.host() + ":" + options.port(), options.maxConnections());
    }

    /** A connect: the connection's id is an input (replay hands it back), the address an output. */
    void netConnect(final Cell c, final String host, final int port, final long connectionId) {
        result(c, OUT_NET, connectionId);
        output(c, OUT_NET, null, "connect " + host, port);
    }

    /** Any other output: a kind, an optional cap, an optional text, a number. */
    void output(final Cell c, final int kind, final CapNode cap, final String text, final long n) {
        final CellLog log = log(c);
        output(log, outputs.other(log.digest, kind, cap, text, n));
    }

    /** A log line: digested, and held until the batch is journaled. */
    void log(final Cell c, final String line) {
        output(c, OUT_LOG, null, line, 0);
        heldLines.add("[" + c.name + "] " + line);
    }

    // ---------------------------------------------------------------- batches

    /** The end of a duty cycle: the batch goes to the journal (forced with fsync), then the held lines out. */
    void commit() {
        if (dirty) {
            writer.append(0, 0, COMMIT, NOTHING, 0, 0);
            dirty = false;
        }
        writer.commitBatch();
        if (!heldLines.isEmpty()) {
            final java.io.PrintStream console = kernel.node.console();
            for (final String line : heldLines) {
                console.println(line);
            }
            heldLines.clear();
        }
    }

    /** At the kernel's close: the last batch, then the journal closed. */
    void close() {
        commit();
        final dev.lepus.kernel.journal.JournalSettings settings = writer.settings();
        if (settings.policy() == dev.lepus.kernel.journal.JournalPolicy.RING && settings.dir() != null) {
            dump(settings.dir()); // a ring is written out when its kernel closes
        }
        writer.close();
    }

    /** Writes an in-memory ring out as segment files under {@code dir} (on demand, or at close). */
    void dump(final java.nio.file.Path dir) {
        commit();
        writer.dump(dir);
    }

    // ---------------------------------------------------------------- internals

    private CellLog log(final Cell c) {
        CellLog log = c.journal;
        if (log == null) {
            log = new CellLog();
            c.journal = log;
            final EventBuffer p = new EventBuffer().putString(c.name)
                .putString(c.component.getClass().getName()).putVarLong(c.parent == null ? 0 : 1)
                .putLong(c.parent == null ? 0 : c.parent.id).putVarLong(kernel.index).putVarLong(c.priority);
            final java.util.TreeMap<String, Cap<?>> grants = c.grants == null ? new java.util.TreeMap<>()
                : new java.util.TreeMap<>(c.grants);
            p.putVarLong(grants.size());
            for (final var g : grants.entrySet()) {
                p.putString(g.getKey()).putVarLong(capNumber(CapIssuer.node(g.getValue())));
            }
            encodeInto(c.config.asMap(), p);
            append(c.id, 0, SPAWN, p);
        }
        return log;
    }

    private void beginEvent(final Cell c, final int kind, final EventBuffer p) {
        final CellLog log = log(c);
        log.eventSeq = log.seq;
        log.digest = Digest.EMPTY;
        log.outputs = 0;
        input(c, kind, p);
    }

    private void input(final Cell c, final int kind, final EventBuffer p) {
        final CellLog log = log(c);
        append(c.id, log.seq++, kind, p);
    }

    private void append(final long componentId, final long seq, final int kind, final EventBuffer p) {
        writer.append(componentId, seq, kind, p.array, 0, p.length);
        dirty = true;
    }

    private static void output(final CellLog log, final long h) {
        log.digest = h;
        log.outputs++;
    }

    private void encodeInto(final Object value, final EventBuffer p) {
        final CodecBuffer b = encoded;
        b.clear();
        codec.encode(value, journalCaps, b, this::typeSeen);
        p.putBytes(b.array(), 0, b.length());
    }

    /** A type the codec registered for the first time on this kernel: journaled before its first use. */
    private void typeSeen(final Class<?> type, final int typeId) {
        final EventBuffer p = new EventBuffer().putLong(typeId).putString(type.getName());
        append(0, 0, TYPE, p);
    }

    private long capNumber(final CapNode n) {
        final String key = n.target.journalKey() + "/" + n.rights + "/" + n.badge;
        final Long known = capTable.get(key);
        if (known != null) {
            return known;
        }
        if (capTable.size() >= CAP_TABLE_LIMIT) {
            capTable.clear(); // numbers keep growing: a later CAP record with a new number replaces nothing
        }
        final long number = writer.nextIndex(); // the index of its CAP record: unique in this journal, across runs
        capTable.put(key, number);
        append(0, 0, CAP, new EventBuffer().putVarLong(number).putString(n.target.journalKey()).putVarLong(n.rights)
            .putLong(n.badge));
        return number;
    }
}
