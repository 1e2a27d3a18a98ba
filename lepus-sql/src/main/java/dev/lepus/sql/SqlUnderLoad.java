package dev.lepus.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.ExitStatus;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;

/**
 * Benchmark harness: what SQL costs a busy node, and how long a query takes over many components.
 *
 * <ol>
 *   <li>A fan-out (the shape of {@code examples/fanout.toml}: one source per kernel sends messages round-robin to
 *   1,000 workers spread over the kernels) measured in events/s without queries ({@code peer}) and with
 *   {@code SELECT count(*) FROM components} every 10 ms from another thread ({@code lepus}), in alternating phases of
 *   one run, the median of {@code pairs}: {@code sql-under-load lepus=X peer=Y unit=events/s ratio=R}.</li>
 *   <li>Query latency over 100,000 idle components: {@code SELECT count(*) FROM components} and a filtered query,
 *   median and max of 20 runs in ms.</li>
 * </ol>
 *
 * <p>Run: {@code java -cp "lepus-sql/target/classes:$(cat cp.txt)" dev.lepus.sql.SqlUnderLoad [pairs] [phase-ms]
 * [components]} (see docs/sql.md for the full command).
 *
 * <p>Thread contract: a program; main thread plus one query thread.
 */
public final class SqlUnderLoad {

    private static final int KERNELS = 2;
    private static final int WORKERS = 1000;
    private static final long QUERY_PERIOD_NS = 10_000_000L;
    /** The query of the fan-out's phases with queries. */
    public static final String QUERY = "SELECT count(*) FROM components";

    private SqlUnderLoad() {
    }

    /** Work for a worker. */
    record Work(long value) {
    }

    /** A source's next batch. */
    record Continue() {
    }

    /** A source is done. */
    record Done() {
    }

    /** A worker's total. */
    record Count(long received) {
    }

    /** Spawns the workers and sources; shuts the node down when every worker has reported. */
    static final class Coordinator implements Component<Object> {
        private final long messages;
        private int reported;
        private long received;

        Coordinator(final long messages) {
            this.messages = messages;
        }

        @Override
        public void onStart(final Context<Object> ctx) {
            final List<Cap<Object>> workers = new ArrayList<>(WORKERS);
            final Cap<Object> self = ctx.self();
            for (int i = 0; i < WORKERS; i++) {
                workers.add(ctx.spawn(Spawn.of("worker-" + i, () -> new Worker(self, KERNELS)).onKernel(i % KERNELS)));
            }
            final List<Cap<Object>> all = List.copyOf(workers);
            for (int s = 0; s < KERNELS; s++) {
                final long share = messages / KERNELS + (s < messages % KERNELS ? 1 : 0);
                final int offset = s;
                ctx.spawn(Spawn.of("source-" + s, () -> new Source(all, share, offset)).onKernel(s));
            }
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
            if (message instanceof Count c) {
                received += c.received();
                if (++reported == WORKERS) {
                    ctx.shutdown(received == messages ? 0 : 1);
                }
            }
        }
    }

    /** Counts work; reports after every source said done, again later if the report was refused. */
    static final class Worker implements Component<Object> {
        private final Cap<Object> coordinator;
        private final int sources;
        private int done;
        private long received;

        Worker(final Cap<Object> coordinator, final int sources) {
            this.coordinator = coordinator;
            this.sources = sources;
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
            if (message instanceof Work) {
                received++;
            } else if (message instanceof Done && ++done == sources || message instanceof Continue) {
                report(ctx);
            }
        }

        /** Sends the count; when the channel or the coordinator's mailbox is full, tries again after other work. */
        private void report(final Context<Object> ctx) {
            if (ctx.send(coordinator, new Count(received)) != SendResult.OK) {
                ctx.send(ctx.self(), new Continue());
            }
        }
    }

    /** Sends its share in batches; on a full mailbox or channel it yields and retries, so nothing is lost. */
    static final class Source implements Component<Object> {
        private static final int BATCH = 4096;
        private final List<Cap<Object>> workers;
        private final long messages;
        private final int offset;
        private long sent;
        private int doneSent;

        Source(final List<Cap<Object>> workers, final long messages, final int offset) {
            this.workers = workers;
            this.messages = messages;
            this.offset = offset;
        }

        @Override
        public void onStart(final Context<Object> ctx) {
            ctx.send(ctx.self(), new Continue());
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
            final int n = workers.size();
            int budget = BATCH;
            while (sent < messages && budget-- > 0) {
                if (ctx.send(workers.get((int) ((sent + offset) % n)), new Work(sent)) != SendResult.OK) {
                    break;
                }
                sent++;
            }
            while (sent == messages && doneSent < n && budget-- > 0) {
                if (ctx.send(workers.get(doneSent), new Done()) != SendResult.OK) {
                    break;
                }
                doneSent++;
            }
            if (doneSent < n) {
                ctx.send(ctx.self(), new Continue());
            }
        }
    }

    /** Does nothing. */
    static final class Idle implements Component<Object> {
        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
            // nothing
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args [pairs (default 7)] [phase ms (default 1,000)] [components (default 100,000)] [the query (default
     *     {@value #QUERY})]
     * @throws Exception if a run fails
     */
    public static void main(final String[] args) throws Exception {
        final int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        final long phaseMs = args.length > 1 ? Long.parseLong(args[1]) : 1_000;
        final int components = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        final String sql = args.length > 3 ? args[3] : QUERY;
        final List<double[]> measured = fanout(pairs, Duration.ofMillis(phaseMs), sql, System.out::println);
        final List<double[]> sorted = new ArrayList<>(measured);
        sorted.sort((a, b) -> Double.compare(a[0] / a[1], b[0] / b[1]));
        final double[] median = sorted.get(sorted.size() / 2);
        System.out.printf(Locale.ROOT, "sql-under-load lepus=%.0f peer=%.0f unit=events/s ratio=%.3f%n", median[0],
            median[1], median[0] / median[1]);
        latency(components);
    }

    /**
     * The fan-out with and without SQL, as pairs of phases of one long run (also called by {@code lepus bench
     * sql-under-load}): the sources send without end while the calling thread switches the query thread on (a
     * {@code SELECT count(*) FROM components} every 10 ms) and off, phase by phase, and reads the kernels' delivered
     * events at each switch. A pair is one phase with queries and one without, back to back (with first in odd pairs,
     * without first in even ones), after an untimed warm-up pair. Both sides of a pair run on the same node, the same
     * compiled code and the same heap, under the same condition of the machine, which separate runs (a fresh node each)
     * do not share: their spread on two cores was larger than the effect measured.
     *
     * @param pairs how many pairs
     * @param phase how long each phase lasts
     * @param progress gets one line per pair
     * @return per pair, {events/s with queries, events/s without}
     * @throws Exception if the node or a query fails
     */
    public static List<double[]> fanout(final int pairs, final Duration phase, final Consumer<String> progress)
            throws Exception {
        return fanout(pairs, phase, QUERY, progress);
    }

    /**
     * As {@link #fanout(int, Duration, Consumer)}, with another query.
     *
     * @param pairs how many pairs
     * @param phase how long each phase lasts
     * @param sql the query run every 10 ms in the phases with queries
     * @param progress gets one line per pair
     * @return per pair, {events/s with queries, events/s without}
     * @throws Exception if the node or a query fails
     */
    public static List<double[]> fanout(final int pairs, final Duration phase, final String sql,
            final Consumer<String> progress) throws Exception {
        final Node node = new Node(new NodeSettings().kernels(KERNELS));
        node.spawn(Spawn.of("fanout", () -> new Coordinator(Long.MAX_VALUE / 4)).onKernel(0));
        final AtomicBoolean querying = new AtomicBoolean();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong queries = new AtomicLong();
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        final Thread q = Thread.ofPlatform().name("sql-under-load-queries").unstarted(() -> {
            // Prepared once, as a monitor would: each execution takes a fresh snapshot (a new DataContext) but
            // skips Calcite's parse, plan and code generation (tens of ms; see the latency part).
            try (Connection c = LepusSql.connect(node);
                    PreparedStatement ps = c.prepareStatement(sql)) {
                drain(ps);
                ready.countDown();
                long next = System.nanoTime();
                while (!stop.get()) {
                    if (!querying.get()) {
                        LockSupport.park();
                        next = System.nanoTime();
                        continue;
                    }
                    drain(ps);
                    queries.incrementAndGet();
                    next += QUERY_PERIOD_NS;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            } catch (final SQLException | RuntimeException ex) {
                failed.set(ex);
                ready.countDown();
            }
        });
        q.start();
        node.start();
        ready.await(); // the statement is prepared (the first one loads and compiles much of Calcite)
        final List<double[]> out = new ArrayList<>();
        try {
            phase(node, q, querying, true, phase); // warm-up
            phase(node, q, querying, false, phase);
            for (int i = 0; i < pairs; i++) {
                final boolean withFirst = i % 2 == 0;
                final long q0 = queries.get();
                final double first = phase(node, q, querying, withFirst, phase);
                final double second = phase(node, q, querying, !withFirst, phase);
                final double with = withFirst ? first : second;
                final double without = withFirst ? second : first;
                out.add(new double[] {with, without});
                progress.accept(String.format(Locale.ROOT,
                    "#   pair %d/%d: with queries %.0f events/s (%d queries), without %.0f events/s, ratio %.3f",
                    i + 1, pairs, with, queries.get() - q0, without, with / without));
                if (failed.get() != null) {
                    throw new IllegalStateException("a query failed", failed.get());
                }
            }
        } finally {
            stop.set(true);
            LockSupport.unpark(q);
            q.join();
            node.shutdown(0, "sql-under-load done");
            node.stop();
        }
        if (node.errorCount() != 0) {
            throw new IllegalStateException("the node reported " + node.errorCount() + " errors");
        }
        return out;
    }

    /** One phase, with or without queries: the events the kernels delivered per second. */
    private static double phase(final Node node, final Thread q, final AtomicBoolean querying, final boolean with,
            final Duration length) {
        querying.set(with);
        LockSupport.unpark(q);
        final long d0 = delivered(node);
        final long t0 = System.nanoTime();
        final long end = t0 + length.toNanos();
        long now;
        while ((now = System.nanoTime()) - end < 0) {
            LockSupport.parkNanos(end - now);
        }
        return (delivered(node) - d0) * 1e9 / (now - t0);
    }

    /** Events the kernels delivered so far (their counters, read racily: a few events late at most). */
    private static long delivered(final Node node) {
        long n = 0;
        for (final dev.lepus.kernel.Kernel k : node.kernels()) {
            n += k.counters().delivered;
        }
        return n;
    }

    /** Runs a query and reads every row. */
    private static void drain(final PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            final int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    rs.getObject(i);
                }
            }
        }
    }

    private static long count(final PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The median time of a prepared {@code SELECT count(*) FROM components} over {@code components} idle components on
     * a running node, after 5 untimed runs (also called by {@code lepus bench sql-latency-100k}).
     *
     * @param components how many idle components
     * @return milliseconds
     * @throws Exception if the node or the query fails
     */
    public static double countMillis(final int components) throws Exception {
        final Node node = new Node(new NodeSettings().kernels(KERNELS).mailboxCapacity(16));
        for (int i = 0; i < components; i++) {
            node.spawn(Spawn.of("c-" + i, Idle::new).onKernel(i % KERNELS));
        }
        node.start();
        try (Connection c = LepusSql.connect(node);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM components")) {
            final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (count(ps) < components && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            final double[] ms = new double[11];
            for (int i = -5; i < ms.length; i++) {
                final long t0 = System.nanoTime();
                count(ps);
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            return ms[ms.length / 2];
        } finally {
            node.shutdown(0, "done");
            node.stop();
        }
    }

    /** Query latency over {@code components} idle components. */
    private static void latency(final int components) throws Exception {
        final Node node = new Node(new NodeSettings().kernels(KERNELS).mailboxCapacity(16));
        for (int i = 0; i < components; i++) {
            node.spawn(Spawn.of("c-" + i, Idle::new).onKernel(i % KERNELS));
        }
        node.start();
        try (Connection c = LepusSql.connect(node)) {
            final String count = "SELECT count(*) FROM components";
            final String filtered = "SELECT name, kernel, mailbox FROM components"
                + " WHERE name LIKE 'c-9999%' AND kernel = 1"
                + " ORDER BY name";
            long seen = 0;
            final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (seen < components && System.nanoTime() - deadline < 0) {
                seen = (Long) LepusSql.query(c, count).rows().getFirst().getFirst();
            }
            System.out.printf(Locale.ROOT, "sql-latency components=%d count_ms=%s filtered_ms=%s%n", seen,
                time(c, count, false), time(c, filtered, false));
            System.out.printf(Locale.ROOT, "sql-latency-prepared components=%d count_ms=%s filtered_ms=%s%n", seen,
                time(c, count, true), time(c, filtered, true));
        } finally {
            node.shutdown(0, "done");
            node.stop();
        }
    }

    /** Median and max of 20 runs after 5 warm-up runs, as "median (max MAX)". */
    private static String time(final Connection c, final String sql, final boolean prepared) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            final double[] ms = new double[20];
            for (int i = -5; i < ms.length; i++) {
                final long t0 = System.nanoTime();
                if (prepared) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getObject(1);
                        }
                    }
                } else {
                    LepusSql.query(c, sql);
                }
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            return String.format(Locale.ROOT, "%.1f(max=%.1f)", ms[ms.length / 2], ms[ms.length - 1]);
        }
    }
}
