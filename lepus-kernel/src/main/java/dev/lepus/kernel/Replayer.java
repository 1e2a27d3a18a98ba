package dev.lepus.kernel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import dev.lepus.api.AskException;
import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Config;
import dev.lepus.api.Failure;
import dev.lepus.api.RestartPolicy;
import dev.lepus.kernel.codec.CapResolver;
import dev.lepus.kernel.journal.Corruption;
import dev.lepus.kernel.journal.JournalReader;
import dev.lepus.kernel.journal.JournalRecord;

/**
 * Rebuilds components from their journaled inputs, in a fresh instance each and in virtual time, and checks every
 * event's outputs against the digest the recording journaled: the first event where they differ is the divergence,
 * named by component, sequence number, expected and actual (DESIGN.md section 7).
 *
 * <p>Components are independent in a replay: each gets only its own inputs, and its outputs go nowhere. A component
 * that reads anything the kernel does not journal (the system clock, a static, a thread) makes different outputs or
 * a different state, and its replay stops at the first event that shows it.
 *
 * <p>Thread contract: a replay runs on the calling thread; instances are not shared.
 */
public final class Replayer {

    /** One record of a journal, as replay reads it. */
    public record Entry(int kernel, long index, long componentId, long seq, int kind, byte[] payload, String where) {
    }

    /**
     * Where a replay first differed from its recording.
     *
     * @param componentId the component's id
     * @param component its name
     * @param seq the sequence number of the input at which it diverged
     * @param event what that input was
     * @param expected what the journal says happened
     * @param actual what the replay did
     */
    public record Divergence(long componentId, String component, long seq, String event, String expected,
            String actual) {
        @Override
        public String toString() {
            return "component '" + component + "' (" + Long.toHexString(componentId) + ") diverged at seq " + seq
                + " (" + event + "): expected " + expected + ", replay gave " + actual;
        }
    }

    /**
     * What a replay did.
     *
     * @param components components replayed
     * @param events events replayed
     * @param divergences at most one per component, in the order the components first appear
     * @param problems journal or class path problems that kept something from being replayed
     * @param notes what was left out on purpose (the unfinished batch of a run that crashed)
     * @param instances the replayed instances by component name (the last of each name), for tests and tools
     */
    public record Result(int components, long events, List<Divergence> divergences, List<String> problems,
            List<String> notes, Map<String, Object> instances) {
        /** @return true if every component replayed and matched */
        public boolean ok() {
            return divergences.isEmpty() && problems.isEmpty();
        }
    }

    /** What to replay and how. */
    public static final class Options {
        String component;
        long until = Long.MAX_VALUE;
        PrintStream trace;
        PrintStream progress;
        Function<String, Component<?>> factory;
        ClassLoader loader = Replayer.class.getClassLoader();
        ReplayContext.CapMaker caps = ReplayContext.STAND_INS;
        /** For a restore: the live component's factory by id, and the ids to rebuild (null: all). */
        Function<Long, java.util.function.Supplier<?>> factoryById;
        java.util.Set<Long> only;
        /** Start each component from its newest valid snapshot instead of its first input. */
        boolean fromSnapshot;
        /** For a restore: the rebuilt components, filled by the replay. */
        Map<Long, Restored> restored;

        /** Only the component of this name or hexadecimal id. */
        public Options component(final String value) {
            component = value;
            return this;
        }

        /** Stops each component after its input with this sequence number. */
        public Options until(final long seq) {
            until = seq;
            return this;
        }

        /**
         * Starts each component from its newest valid snapshot (faster; checks only what follows it) instead of its
         * first input (the default, which also checks every snapshot against the state the journal rebuilds).
         */
        public Options fromSnapshot(final boolean value) {
            fromSnapshot = value;
            return this;
        }

        /** Prints each event, its outputs and the component's state after it. */
        public Options trace(final PrintStream out) {
            trace = out;
            return this;
        }

        /** Prints progress on long replays. */
        public Options progress(final PrintStream out) {
            progress = out;
            return this;
        }

        /**
         * Makes instances by class name (default: the class's no-argument constructor, through the loader), for
         * components made by lambdas or factories.
         */
        public Options factory(final Function<String, Component<?>> value) {
            factory = value;
            return this;
        }

        /** Loads component and message classes. */
        public Options loader(final ClassLoader value) {
            loader = value;
            return this;
        }
    }

    private Replayer() {
    }

    /**
     * Replays the records of a journal (all kernels, each kernel's records in order).
     *
     * @param entries the records
     * @param options what and how
     * @return what happened
     */
    public static Result replay(final Iterable<Entry> entries, final Options options) {
        final MessageCodec codec = new MessageCodec();
        final Map<Integer, Map<Long, Cap<?>>> caps = new HashMap<>(); // cap numbers are per kernel
        final Map<Long, List<Entry>> byComponent = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        /** Per kernel, the records lost to damage: first index to last index. */
        final Map<Integer, java.util.TreeMap<Long, Long>> lost = new HashMap<>();
        final long[] total = new long[1];
        // Only what a commit acknowledged: the records of a batch that never finished (a crash) are left out.
        final Map<Integer, List<Entry>> batch = new HashMap<>();
        final java.util.function.Consumer<Entry> accept = e -> {
            switch (e.kind()) {
                case Recorder.TYPE -> {
                    final EventBuffer p = new EventBuffer(e.payload());
                    p.getLong();
                    final String type = p.getString();
                    try {
                        codec.register(Class.forName(type, false, options.loader));
                    } catch (final ClassNotFoundException | RuntimeException ex) {
                        problems.add(e.where() + ": message type " + type + " cannot be loaded: " + ex);
                    }
                }
                case Recorder.CAP -> {
                    final EventBuffer p = new EventBuffer(e.payload());
                    final long number = p.getVarLong();
                    final String key = p.getString();
                    final int rights = (int) p.getVarLong();
                    caps.computeIfAbsent(e.kernel(), k -> new HashMap<>()).put(number,
                        options.caps.cap(key, rights, p.getLong()));
                }
                default -> {
                    byComponent.computeIfAbsent(e.componentId(), k -> new ArrayList<>()).add(e);
                    total[0]++;
                }
            }
        };
        final Map<Integer, Long> lastIndex = new HashMap<>();
        for (final Entry e : entries) {
            final Long before = lastIndex.put(e.kernel(), e.index());
            if (before != null && e.index() > before + 1) {
                lost.computeIfAbsent(e.kernel(), k -> new java.util.TreeMap<>()).put(before + 1, e.index() - 1);
            }
            final List<Entry> open = batch.computeIfAbsent(e.kernel(), k -> new ArrayList<>());
            if (e.kind() == Recorder.COMMIT) {
                open.forEach(accept);
                open.clear();
            } else if (e.kind() == Recorder.RUN) {
                if (!open.isEmpty()) {
                    notes.add("kernel " + e.kernel() + ": " + open.size() + " record(s) of a batch that never "
                        + "finished (the run before " + e.where() + " ended without committing them) left out");
                    open.clear();
                }
            } else {
                open.add(e);
            }
        }
        batch.forEach((kernel, open) -> {
            if (!open.isEmpty()) {
                notes.add("kernel " + kernel + ": the last " + open.size() + " record(s) were never committed "
                    + "(the run was cut short); left out");
            }
        });
        final List<Divergence> divergences = new ArrayList<>();
        final Map<String, Object> instances = new TreeMap<>();
        final Progress progress = new Progress(options.progress, total[0]);
        int components = 0;
        long events = 0;
        final Map<Long, java.util.function.Supplier<?>> spawned = new HashMap<>();
        final List<ComponentReplay> pending = new ArrayList<>();
        for (final Map.Entry<Long, List<Entry>> c : byComponent.entrySet()) {
            final int kernel = c.getValue().get(0).kernel();
            pending.add(new ComponentReplay(c.getKey(), c.getValue(), codec,
                resolver(caps.getOrDefault(kernel, Map.of()), kernel), options, progress, spawned,
                lost.getOrDefault(kernel, new java.util.TreeMap<>())));
        }
        // Parents before children: a parent's replay spawns its children, which gives their factories.
        final java.util.Set<Long> replayed = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            boolean progressed = false;
            for (final java.util.Iterator<ComponentReplay> it = pending.iterator(); it.hasNext(); ) {
                final ComponentReplay r = it.next();
                if (r.parent != null && byComponent.containsKey(r.parent) && !replayed.contains(r.parent)) {
                    continue;
                }
                it.remove();
                replayed.add(r.id);
                progressed = true;
                if (!r.selected()) {
                    continue;
                }
                components++;
                try {
                    r.run();
                } catch (final Diverged d) {
                    divergences.add(d.divergence);
                } catch (final RuntimeException ex) {
                    problems.add("component " + r.name + " (" + Long.toHexString(r.id) + "): " + ex.getMessage());
                }
                events += r.events;
                problems.addAll(r.snapshotProblems);
                notes.addAll(r.snapshotNotes);
                if (r.instance != null) {
                    instances.put(r.name, r.instance);
                    if (options.restored != null && r.ctx != null) {
                        options.restored.put(r.id, new Restored(r.id, r.instance, r.records.stream()
                            .mapToLong(Entry::seq).max().orElse(-1) + 1, r.ctx.timers, r.ctx.asks, List.copyOf(r.ctx.timerStates.values())));
                    }
                }
            }
            if (!progressed) {
                throw new IllegalStateException("the journal's components form a parent cycle: " + pending.size());
            }
        }
        progress.done();
        return new Result(components, events, List.copyOf(divergences), List.copyOf(problems), List.copyOf(notes),
            instances);
    }

    /**
     * Replays a journal folder (of a node, or of one kernel). Damaged parts are reported as problems with their file
     * and offset and left out; everything valid is replayed.
     *
     * @param journalDir the folder
     * @param options what and how
     * @return what happened
     */
    public static Result replay(final java.nio.file.Path journalDir, final Options options) {
        final List<Entry> entries = new ArrayList<>();
        final List<String> damage = new ArrayList<>();
        final List<String> tails = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journalDir)) {
            for (final JournalRecord r : reader.records()) {
                entries.add(new Entry(r.kernel(), r.index(), r.componentId(), r.seq(), r.kind(), r.payload(),
                    r.file() + " @" + r.offset()));
            }
            for (final Corruption c : reader.corruptions()) {
                if (c.tornTail() && isLastSegment(c.file())) {
                    tails.add(c.file() + " at offset " + c.offset() + ": " + c.what()
                        + " (an append cut short when the process died: never committed)");
                } else {
                    damage.add("journal damage in " + c.file() + " at offset " + c.offset() + ": " + c.what());
                }
            }
        }
        final Result r = replay(entries, options);
        if (damage.isEmpty() && tails.isEmpty()) {
            return r;
        }
        final List<String> problems = new ArrayList<>(damage);
        problems.addAll(r.problems());
        final List<String> notes = new ArrayList<>(tails);
        notes.addAll(r.notes());
        return new Result(r.components(), r.events(), r.divergences(), List.copyOf(problems), List.copyOf(notes),
            r.instances());
    }

    /** Whether a segment is the newest of its kernel's folder (where a crash leaves a torn tail). */
    private static boolean isLastSegment(final java.nio.file.Path file) {
        try (var files = java.nio.file.Files.list(file.getParent())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".seg")).max(String::compareTo)
                .map(n -> n.equals(file.getFileName().toString())).orElse(false);
        } catch (final java.io.IOException ex) {
            return false;
        }
    }

        private static CapResolver resolver(final Map<Long, Cap<?>> caps, final int kernel) {
        return new CapResolver() {
            @Override
            public long idOf(final Cap<?> cap) {
                throw new UnsupportedOperationException("replay only decodes");
            }

            @Override
            public Cap<?> capOf(final long id) {
                final Cap<?> cap = caps.get(id);
                if (cap == null) {
                    throw new IllegalArgumentException("cap number " + id + " of kernel " + kernel
                        + " has no CAP record before its use");
                }
                return cap;
            }
        };
    }

    /**
     * A component rebuilt from its journal, to resume where it was (durable restart).
     *
     * @param id its id
     * @param instance the instance, with the state of its last committed input
     * @param nextSeq the sequence number its next input gets
     * @param timers timers it set so far (the next one's number)
     * @param asks asks it made so far (the next one's number)
     * @param timersToArm timers that have not fired yet, or are periodic
     */
    record Restored(long id, Object instance, long nextSeq, int timers, int asks,
            List<ReplayContext.TimerState> timersToArm) {
    }

    /** A divergence, thrown from deep inside a replayed handler up to the component's replay loop. */
    private static final class Diverged extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Divergence divergence;

        Diverged(final Divergence d) {
            super(d.toString(), null, false, false);
            divergence = d;
        }
    }

    /** A component's records have a hole (journal damage): its replay stops, reported as a problem. */
    private static final class Damaged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Damaged(final String message) {
            super(message, null, false, false);
        }
    }

    /** Prints "replay: n/total records (p%)" at most twice a second, once the replay has run a second. */
    private static final class Progress {
        private final PrintStream out;
        private final long total;
        private final long start = System.nanoTime();
        private long last = start;
        private long done;
        private boolean printed;

        Progress(final PrintStream out, final long total) {
            this.out = out;
            this.total = total;
        }

        void step() {
            done++;
            if (out != null && (done & 1023) == 0) {
                final long now = System.nanoTime();
                if (now - start > 1_000_000_000L && now - last > 500_000_000L) {
                    last = now;
                    printed = true;
                    out.printf(Locale.ROOT, "\rreplay: %d/%d records (%.0f%%)", done, total, 100.0 * done / total);
                    out.flush();
                }
            }
        }

        void done() {
            if (printed) {
                out.printf(Locale.ROOT, "\rreplay: %d/%d records (100%%)%n", total, total);
            }
        }
    }

    /** One component's replay: its records in order, a fresh instance, its context. */
    private static final class ComponentReplay implements ReplayContext.Inputs {
        final long id;
        final List<Entry> records;
        private final MessageCodec codec;
        private final CapResolver caps;
        private final Options options;
        private final Progress progress;
        private int next;
        String name = "?";
        private String className = "?";
        /** The parent's id, or null for a root. */
        Long parent;
        /** Factories of the children this component spawned in its replay, by child id (shared by all replays). */
        private final Map<Long, java.util.function.Supplier<?>> spawned;
        private Config config = Config.EMPTY;
        private final Map<String, Cap<?>> grants = new HashMap<>();
        ReplayContext ctx;
        Object instance;
        long events;
        /** Records of this component's kernel lost to damage, first index to last. */
        private final java.util.TreeMap<Long, Long> lost;
        /** Snapshots that could not be used or did not match, reported with the replay's problems. */
        final List<String> snapshotProblems = new ArrayList<>();
        /** Snapshots passed over for an older starting point. */
        final List<String> snapshotNotes = new ArrayList<>();
        /** The sequence number the next input must have. */
        private long nextSeq;
        private Entry current;

        ComponentReplay(final long id, final List<Entry> records, final MessageCodec codec, final CapResolver caps,
                final Options options, final Progress progress, final Map<Long, java.util.function.Supplier<?>> spawned,
                final java.util.TreeMap<Long, Long> lost) {
            this.id = id;
            this.lost = lost;
            this.spawned = spawned;
            this.records = records;
            this.codec = codec;
            this.caps = caps;
            this.options = options;
            this.progress = progress;
            if (!records.isEmpty() && records.get(0).kind() == Recorder.SPAWN) {
                final EventBuffer p = new EventBuffer(records.get(0).payload());
                name = p.getString();
                className = p.getString();
                final boolean hasParent = p.getVarLong() != 0;
                final long parentId = p.getLong();
                parent = hasParent ? parentId : null;
                p.getVarLong(); // kernel
                p.getVarLong(); // priority
                final long n = p.getVarLong();
                for (long i = 0; i < n; i++) {
                    final String grant = p.getString();
                    grants.put(grant, caps.capOf(p.getVarLong()));
                }
                final Object map = codec.decode(p.array, p.position, p.remaining(), caps);
                config = map instanceof Map<?, ?> m ? Config.of(stringKeys(m)) : Config.EMPTY;
                next = 1;
            }
        }

        private static Map<String, Object> stringKeys(final Map<?, ?> m) {
            final Map<String, Object> out = new HashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }

        boolean selected() {
            if (options.only != null) {
                return options.only.contains(id);
            }
            final String want = options.component;
            return want == null || want.equals(name) || want.equalsIgnoreCase(Long.toHexString(id));
        }

        @SuppressWarnings("unchecked")
        void run() {
            if (next == 0) {
                throw new IllegalStateException("its records do not start with its description (SPAWN); the start of"
                    + " its journal is missing");
            }
            ctx = new ReplayContext(id, name, config, grants, new OutputDigest(codec, (t, i) -> { }), this,
                options.trace, options.caps, spawned);
            instance = newInstance();
            if (options.fromSnapshot) {
                startFromNewestSnapshot();
            }
            while (next < records.size()) {
                final Entry e = records.get(next++);
                current = e;
                progress.step();
                if (e.seq() > options.until) {
                    return;
                }
                if (e.kind() != Recorder.SNAPSHOT) {
                    expectSeq(e); // a snapshot is not an input: it carries the number of the next one
                }
                final Component<Object> c = (Component<Object>) instance;
                switch (e.kind()) {
                    case Recorder.START -> event(e, "start", 0, () -> c.onStart(ctx));
                    case Recorder.STOP -> {
                        event(e, "stop", 0, () -> c.onStop(ctx));
                        checkState(e);
                    }
                    case Recorder.SNAPSHOT -> checkSnapshot(e);
                    case Recorder.FAULT -> {
                        events++;
                        trace(e, "fault injected: " + new EventBuffer(e.payload()).getString(), List.of());
                    }
                    case Recorder.RESTART -> {
                        progress.step();
                        ctx.restart();
                        instance = newInstance();
                        trace(e, "restart: a fresh instance", List.of());
                    }
                    case Recorder.MESSAGE -> {
                        final EventBuffer p = new EventBuffer(e.payload());
                        final long badge = p.getVarLong();
                        final Object m = decode(p, e);
                        event(e, "message " + m + (badge == 0 ? "" : " badge " + badge), badge,
                            () -> c.onMessage(ctx, m));
                    }
                    case Recorder.TIMER -> {
                        final int number = (int) new EventBuffer(e.payload()).getVarLong();
                        final ReplayContext.TimerState t = ctx.timerStates.get(number);
                        if (t == null) {
                            throw diverged(e, "timer #" + number + " fires", "no timer #" + number + " is set");
                        }
                        if (t.periodNs() == 0) {
                            ctx.timerStates.remove(number);
                        }
                        final Object m = t.message();
                        event(e, "timer #" + number + " " + m, 0, () -> c.onMessage(ctx, m));
                    }
                    case Recorder.REPLY -> {
                        final EventBuffer p = new EventBuffer(e.payload());
                        final int number = (int) p.getVarLong();
                        final Object outcome = p.getVarLong() == 1
                            ? new AskException(AskException.Reason.valueOf(p.getString()), p.getString())
                            : decode(p, e);
                        final ReplayContext.ReplayPromise promise = ctx.promises.remove(number);
                        if (promise == null) {
                            throw diverged(e, "a reply to ask #" + number, "no ask #" + number + " was made");
                        }
                        event(e, "reply to ask #" + number + ": " + outcome, 0, () -> promise.complete(outcome));
                    }
                    case Recorder.CHILD_FAILURE -> {
                        final EventBuffer p = new EventBuffer(e.payload());
                        final String child = p.getString();
                        final RestartPolicy.Action action = RestartPolicy.Action.valueOf(p.getString());
                        final int restarts = (int) p.getVarLong();
                        final String causeClass = p.getString();
                        final String causeMessage = p.getString();
                        final Failure f = new Failure(ReplayContext.standIn("child:" + child, Cap.ALL, 0), child,
                            new ReplayedFailure(causeClass, causeMessage), action, restarts);
                        event(e, "child '" + child + "' failed", 0, () -> c.onChildFailure(ctx, f));
                    }
                    case Recorder.NET -> {
                        final EventBuffer p = new EventBuffer(e.payload());
                        final int kind = (int) p.getVarLong();
                        final long connection = p.getVarLong();
                        final long n = p.getVarLong();
                        final String text = p.getString();
                        final byte[] data = p.getBytes((int) p.getVarLong());
                        if (!(instance instanceof dev.lepus.api.net.NetHandler<?> h)) {
                            throw diverged(e, "a socket event", "the component does not implement NetHandler");
                        }
                        final String[] what = new String[1];
                        event(e, "socket event", 0, () -> what[0] = ctx.replayNet().deliver(
                            (dev.lepus.api.net.NetHandler<Object>) h, kind, connection, n, text, data));
                    }
                    default -> throw diverged(e, describe(e), "no handler running to read it");
                }
            }
        }

        /** The newest snapshot that reads and restores becomes the starting point; a bad one is reported and passed. */
        private void startFromNewestSnapshot() {
            for (int i = records.size() - 1; i > 0; i--) {
                final Entry e = records.get(i);
                if (e.kind() != Recorder.SNAPSHOT) {
                    continue;
                }
                try {
                    final Snapshots.Read snap = Snapshots.read(e.payload(), codec, caps);
                    final Object fresh = newInstance();
                    Snapshots.restore(fresh, snap);
                    instance = fresh;
                    ctx.timers = snap.timers();
                    ctx.asks = snap.asks();
                    ctx.timerStates.clear();
                    for (final ReplayContext.TimerState t : snap.active()) {
                        ctx.timerStates.put(t.number(), t);
                    }
                    next = i + 1;
                    nextSeq = e.seq();
                    trace(e, "restored from the snapshot before seq " + e.seq(), List.of());
                    return;
                } catch (final RuntimeException ex) {
                    snapshotNotes.add("component " + name + ": the snapshot at " + e.where() + " cannot be used ("
                        + ex.getMessage() + "); an older one, or the first input, is the starting point");
                }
            }
        }

        /**
         * Whether the watchdog stopped this event's handler: then running it again could loop forever. The event's
         * records (what the handler read, its failure, its digest) are passed over; the restart that follows makes a
         * fresh instance, so nothing the handler did survives either way.
         */
        private boolean stoppedByWatchdog(final Entry e) {
            int i = next;
            while (i < records.size() && isInline(records.get(i).kind())) {
                i++;
            }
            if (i >= records.size()) {
                return false;
            }
            final Entry f = records.get(i);
            if (f.kind() != Recorder.FAILED || f.seq() != e.seq()
                    || !new EventBuffer(f.payload()).getString().equals(HandlerOverrun.class.getName())) {
                return false;
            }
            for (int k = next; k < i; k++) {
                expectSeq(records.get(k));
            }
            next = i + 1;
            if (next < records.size() && records.get(next).kind() == Recorder.DIGEST
                    && records.get(next).seq() == e.seq()) {
                next++;
            }
            return true;
        }

        /**
         * Replaying from the start: a snapshot must restore the state the journal rebuilt up to it (compared field by
         * field, by {@link StateView}, in a fresh instance restored from it).
         */
        private void checkSnapshot(final Entry e) {
            if (e.seq() != nextSeq) {
                snapshotProblems.add("component " + name + ": the snapshot at " + e.where() + " claims seq " + e.seq()
                    + " but the journal is at " + nextSeq);
                return;
            }
            final String replayed = StateView.render(instance);
            String restored;
            Snapshots.Read snap = null;
            try {
                snap = Snapshots.read(e.payload(), codec, caps);
                final Object fresh = newInstance();
                Snapshots.restore(fresh, snap);
                restored = StateView.render(fresh);
            } catch (final RuntimeException ex) {
                restored = "unreadable (" + ex.getMessage() + ")";
            }
            if (!restored.equals(replayed) || snap.timers() != ctx.timers || snap.asks() != ctx.asks) {
                snapshotProblems.add("component " + name + ": the snapshot at " + e.where() + " does not match its "
                    + "journal: it restores " + restored + (snap == null ? "" : " (timers " + snap.timers() + ", asks "
                    + snap.asks() + ")") + ", the journal rebuilds " + replayed + " (timers " + ctx.timers + ", asks "
                    + ctx.asks + ")");
            }
        }

        /** Inputs are numbered without gaps: a gap is a record lost to journal damage, never replayed over. */
        private void expectSeq(final Entry e) {
            if (e.seq() != nextSeq) {
                throw new Damaged("input " + nextSeq + (e.seq() > nextSeq + 1 ? " to " + (e.seq() - 1)
                    : "") + " missing before " + e.where() + " (lost to journal damage); its replay stops here");
            }
            nextSeq++;
        }

        private Object newInstance() {
            final java.util.function.Supplier<?> live = options.factoryById == null ? null
                : options.factoryById.apply(id);
            if (live != null) {
                return live.get();
            }
            final java.util.function.Supplier<?> fromParent = spawned.get(id);
            if (fromParent != null) {
                return fromParent.get();
            }
            if (options.factory != null) {
                final Component<?> made = options.factory.apply(className);
                if (made != null) {
                    return made;
                }
            }
            try {
                final Class<?> type = Class.forName(className, true, options.loader);
                final var ctor = type.getDeclaredConstructor();
                ctor.setAccessible(true);
                return ctor.newInstance();
            } catch (final ReflectiveOperationException | RuntimeException ex) {
                throw new IllegalStateException("cannot make an instance of '" + name + "' (" + className + "): "
                    + ex + (parent == null ? "; give the replay a factory for it"
                    : "; replay its parent (" + Long.toHexString(parent) + ") with it, which spawns it"), ex);
            }
        }

        private Object decode(final EventBuffer p, final Entry e) {
            try {
                return codec.decode(p.array, p.position, p.remaining(), caps);
            } catch (final RuntimeException ex) {
                throw new IllegalStateException(e.where() + ": cannot decode the message of seq " + e.seq() + ": "
                    + ex.getMessage(), ex);
            }
        }

        /** Runs one handler, then checks the failure and digest records that close its event. */
        private void event(final Entry e, final String label, final long badge, final Runnable handler) {
            events++;
            if (stoppedByWatchdog(e)) {
                trace(e, label + ": stopped by the watchdog (not run again: it ran past its limit)", List.of());
                return;
            }
            ctx.beginEvent(badge);
            Throwable threw = null;
            try {
                handler.run();
            } catch (final Diverged | Damaged d) {
                throw d;
            } catch (final Throwable t) {
                threw = t;
            }
            Entry n = peek();
            if (n != null && n.kind() == Recorder.FAILED && n.seq() == e.seq()) {
                next++;
                final EventBuffer p = new EventBuffer(n.payload());
                final String type = p.getString();
                if (threw == null) {
                    throw diverged(e, label, "the handler threw " + type + ": " + p.getString(),
                        "it returned normally");
                }
                if (!type.equals(threw.getClass().getName())) {
                    throw diverged(e, label, "the handler threw " + type, "it threw " + threw);
                }
            } else if (threw != null) {
                throw diverged(e, label, "the handler returned normally", "it threw " + threw);
            }
            n = peek();
            if (n != null && isInline(n.kind())) {
                throw diverged(e, label, "the handler read " + describe(n), "it did not ask for it");
            }
            long expected = Digest.finish(Digest.EMPTY);
            long count = 0;
            if (n != null && n.kind() == Recorder.DIGEST && n.seq() == e.seq()) {
                next++;
                final EventBuffer p = new EventBuffer(n.payload());
                expected = p.getLong();
                count = p.getVarLong();
            }
            final long actual = ctx.outputCount == 0 ? Digest.finish(Digest.EMPTY) : Digest.finish(ctx.digest);
            if (count != ctx.outputCount || expected != actual) {
                throw diverged(e, label, count + " outputs with digest " + Long.toHexString(expected),
                    ctx.outputCount + " outputs with digest " + Long.toHexString(actual)
                    + (ctx.outputLog.isEmpty() ? "" : " " + ctx.outputLog));
            }
            trace(e, label, ctx.outputLog);
        }

        private void checkState(final Entry stop) {
            final Entry n = peek();
            if (n == null || n.kind() != Recorder.STATE) {
                return;
            }
            next++;
            final long expected = new EventBuffer(n.payload()).getLong();
            final long actual = StateView.digest(instance);
            if (expected != actual) {
                throw diverged(stop, "state after stop", "state digest " + Long.toHexString(expected),
                    "state digest " + Long.toHexString(actual) + ": " + StateView.render(instance));
            }
        }

        private void trace(final Entry e, final String label, final List<String> outputs) {
            final PrintStream out = options.trace;
            if (out != null) {
                out.println(name + " #" + e.seq() + " " + label + (outputs.isEmpty() ? "" : " -> " + outputs));
                out.println("    state " + StateView.render(instance));
            }
        }

        private Entry peek() {
            return next < records.size() ? records.get(next) : null;
        }

        private static boolean isInline(final int kind) {
            return kind == Recorder.NOW || kind == Recorder.RANDOM || kind == Recorder.SPAWNED
                || kind == Recorder.RESULT || kind == Recorder.AWAITED;
        }

        @Override
        public long take(final int kind, final String call) {
            final Entry n = peek();
            if (n == null || n.kind() != kind) {
                throw diverged(current, "during " + describe(current), n == null ? "no more inputs"
                    : describe(n) + " at seq " + n.seq(), "the handler called " + call);
            }
            next++;
            progress.step();
            expectSeq(n);
            final EventBuffer p = new EventBuffer(n.payload());
            if (kind == Recorder.RESULT) {
                p.getVarLong(); // the call
                p.getVarLong(); // its output number
            }
            return p.getLong();
        }

        @Override
        public Object takeAwaited(final int number) {
            final Entry n = peek();
            if (n == null || n.kind() != Recorder.AWAITED) {
                throw diverged(current, "during " + describe(current), n == null ? "no more inputs"
                    : describe(n) + " at seq " + n.seq(), "the handler awaited ask #" + number);
            }
            next++;
            progress.step();
            expectSeq(n);
            final EventBuffer p = new EventBuffer(n.payload());
            final int got = (int) p.getVarLong();
            if (got != number) {
                throw diverged(current, "during " + describe(current), "the reply to ask #" + got,
                    "the handler awaited ask #" + number);
            }
            return p.getVarLong() == 1 ? new AskException(AskException.Reason.valueOf(p.getString()), p.getString())
                : decode(p, n);
        }

        @Override
        public Long takeResultIf(final int call) {
            final Entry n = peek();
            if (n == null || n.kind() != Recorder.RESULT) {
                return null;
            }
            final EventBuffer p = new EventBuffer(n.payload());
            if (p.getVarLong() != call || p.getVarLong() != ctx.outputCount) {
                return null; // the result of a later call
            }
            next++;
            expectSeq(n);
            return p.getLong();
        }

        private RuntimeException diverged(final Entry e, final String expected, final String actual) {
            return diverged(e, describe(e), expected, actual);
        }

        private RuntimeException diverged(final Entry e, final String event, final String expected,
                final String actual) {
            // Lost records between this event's input and the component's next record may have held what closes the
            // event (its digest, a value it read): then the event cannot be checked, which is damage, not divergence.
            final long until = next < records.size() ? records.get(next).index() : Long.MAX_VALUE;
            final Map.Entry<Long, Long> gap = lost.floorEntry(until - 1);
            if (gap != null && gap.getValue() > e.index()) {
                return new Damaged("event " + e.seq() + " (" + event + ") cannot be checked: record(s) "
                    + gap.getKey() + ".." + gap.getValue() + " of kernel " + e.kernel() + " were lost to journal "
                    + "damage; its replay stops here");
            }
            return new Diverged(new Divergence(id, name, e.seq(), event, expected, actual));
        }

        private static String describe(final Entry e) {
            return switch (e.kind()) {
                case Recorder.NOW -> "nowNs() = " + new EventBuffer(e.payload()).getLong();
                case Recorder.RANDOM -> "random()";
                case Recorder.SPAWNED -> "the id of a spawned child";
                case Recorder.RESULT -> "the result of a call";
                case Recorder.NET -> "a socket event";
                case Recorder.AWAITED -> "the reply an await got";
                case Recorder.START -> "start";
                case Recorder.STOP -> "stop";
                case Recorder.MESSAGE -> "a message";
                case Recorder.TIMER -> "a timer firing";
                case Recorder.REPLY -> "a reply";
                case Recorder.DIGEST -> "an output digest";
                case Recorder.FAILED -> "a failure";
                default -> "a record of kind " + e.kind();
            };
        }
    }

    /** A child's failure cause as the journal names it (the original exception does not survive the journal). */
    public static final class ReplayedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReplayedFailure(final String type, final String message) {
            super(type + ": " + message, null, false, false);
        }
    }
}
