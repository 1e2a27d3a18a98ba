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
 *   <li>A fan-out run (the shape of {@code examples/fanout.toml}: one source per kernel sends messages round-robin to
 *   1,000 workers spread over the kernels) measured in messages/s without queries ({@code peer}) and with
 *   {@code SELECT count(*) FROM components} every 10 ms from another thread ({@code lepus}), alternating, median of
 *   {@code rounds}: {@code sql-under-load lepus=X peer=Y unit=msg/s ratio=R}.</li>
 *   <li>Query latency over 100,000 idle components: {@code SELECT count(*) FROM components} and a filtered query,
 *   median and max of 20 runs in ms.</li>
 * </ol>
 *
 * <p>Run: {@code java -cp "lepus-sql/target/classes:$(cat cp.txt)" dev.lepus.sql.SqlUnderLoad [messages] [rounds]
 * [components]} (see docs/sql.md for the full command).
 *
 * <p>Thread contract: a program; main thread plus one query thread.
 */
public final class SqlUnderLoad {

    private static final int KERNELS = 2;
    private static final int WORKERS = 1000;
    private static final long QUERY_PERIOD_NS = 10_000_000L;

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

    /** Counts work; reports after every source said done. */
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
            } else if (message instanceof Done && ++done == sources) {
                ctx.send(coordinator, new Count(received));
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
     * @param args [messages (default 10,000,000)] [rounds (default 5)] [components (default 100,000)]
     * @throws Exception if a run fails
     */
    public static void main(final String[] args) throws Exception {
        final long messages = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        final int components = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        fanout(messages, false); // warm up
        fanout(messages, true);
        final double[] peers = new double[rounds];
        final double[] lepuses = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            peers[r] = fanout(messages, false);
            lepuses[r] = fanout(messages, true);
        }
        Arrays.sort(peers);
        Arrays.sort(lepuses);
        final double peer = peers[rounds / 2];
        final double lepus = lepuses[rounds / 2];
        System.out.printf(Locale.ROOT, "sql-under-load lepus=%.0f peer=%.0f unit=msg/s ratio=%.3f%n", lepus, peer,
            lepus / peer);
        latency(components);
    }

    /**
     * One fan-out run, with or without a {@code SELECT count(*) FROM components} every 10 ms from another thread
     * (also called by {@code lepus bench sql-under-load}).
     *
     * @param messages messages to fan out
     * @param withQueries whether the query thread runs
     * @return messages per second
     * @throws Exception if the run fails
     */
    public static double fanout(final long messages, final boolean withQueries) throws Exception {
        final Node node = new Node(new NodeSettings().kernels(KERNELS));
        node.spawn(Spawn.of("fanout", () -> new Coordinator(messages)).onKernel(0));
        final AtomicBoolean stop = new AtomicBoolean();
        final long[] queries = new long[1];
        final long[] maxNs = new long[1];
        final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        final Thread q = Thread.ofPlatform().name("sql-under-load-queries").unstarted(() -> {
            // Prepared once, as a monitor would: each execution takes a fresh snapshot (a new DataContext) but
            // skips Calcite's parse, plan and code generation (tens of ms; see the latency part).
            try (Connection c = LepusSql.connect(node);
                    PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM components")) {
                count(ps);
                ready.countDown();
                long next = System.nanoTime();
                while (!stop.get()) {
                    final long t0 = System.nanoTime();
                    count(ps);
                    maxNs[0] = Math.max(maxNs[0], System.nanoTime() - t0);
                    queries[0]++;
                    next += QUERY_PERIOD_NS;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            } catch (final SQLException | RuntimeException ex) {
                ready.countDown();
                if (!stop.get()) {
                    throw new IllegalStateException(ex);
                }
            }
        });
        if (withQueries) {
            q.start();
            ready.await();
        }
        final long t0 = System.nanoTime();
        node.start();
        final ExitStatus status = node.awaitExit(Duration.ofMinutes(5));
        final long elapsed = System.nanoTime() - t0;
        stop.set(true);
        if (withQueries) {
            q.join();
        }
        node.stop();
        if (status == null || status.code() != 0) {
            throw new IllegalStateException("fan-out run failed: " + status);
        }
        final double rate = messages / (elapsed / 1e9);
        System.out.printf(Locale.ROOT, "#   fanout %s: %.0f msg/s in %.3f s%s%n", withQueries ? "with queries" : "alone",
            rate, elapsed / 1e9, withQueries ? String.format(Locale.ROOT, " (%d queries, slowest %.1f ms)",
                queries[0], maxNs[0] / 1e6) : "");
        return rate;
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
