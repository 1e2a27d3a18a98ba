package dev.lepus.bench.net;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.netty.util.Version;

/**
 * {@code lepus bench net}: Lepus's kv example against Redis and its HTTP example against Netty, over loopback TCP,
 * driven by the real client programs {@code redis-benchmark} and {@code wrk}, in the way of the side-by-side suite
 * (docs/benchmarks.md). Each comparison runs one warm-up run of each side, then {@code pairs} pairs of runs, each pair
 * the two sides back to back (Lepus first in odd pairs, the peer first in even ones), never both at once, and reports
 * the pair whose ratio is the median:
 *
 * <pre>NAME lepus=X peer=Y unit=req/s ratio=R p50=A/B p99=C/D ms</pre>
 *
 * <p>X and Y are requests per second, R = X/Y (above 1 when Lepus is better), A and C Lepus's median and
 * 99th-percentile latencies, B and D the peer's, in ms, all of that one pair. When a run of the comparison (warm-ups
 * included) saw socket errors or answers with an error status, the line ends with {@code errors=E/F}, the counts of
 * Lepus's runs and of the peer's, and the exit status is {@link #FAILED}. A comparison that could not run prints
 * {@code # NAME FAILED: reason}. Every other line is progress and starts with {@code "# "}: each run's values, each
 * pair's ratio.
 *
 * <p>The comparisons:
 *
 * <ul>
 *   <li>{@code kv-get}, {@code kv-set}: {@code redis-benchmark -c 50 -r 100000 -d 3 -t get,set}, without
 *       pipelining; both come from the same runs;</li>
 *   <li>{@code kv-get-p16}, {@code kv-set-p16}: the same with {@code -P 16}, and five times as many requests;</li>
 *   <li>{@code kv-sharded-...}: the four again against the kv example sharded over two kernels
 *       ({@link Servers#startKvSharded}) instead of the one-kernel layout ({@link Servers#startKv});</li>
 *   <li>{@code http-hello}, {@code http-json}: {@code wrk -t2 -c50 --latency} on {@code /hello} and {@code /json},
 *       after checking that both servers give the same answer to one request.</li>
 * </ul>
 *
 * <p>The peers: {@code redis-server} started here as a child process without persistence
 * ({@link RedisServerProcess}), and {@link NettyHttpServer} in this JVM, with two event-loop threads. Lepus's sides
 * come from the caller's {@link Servers}. The kv sides of one layout are up together while its comparisons run, then
 * stopped; then those of the other layout; then the HTTP sides. Redis is stopped on every path out, and by a shutdown hook if the JVM exits first.
 *
 * <p>Thread contract: {@link #run} is called from one thread at a time and blocks it (never spinning) while the
 * programs run; it calls {@link Servers} on that thread.
 */
public final class NetBench {

    /** Exit status: every comparison ran, without errors. */
    public static final int OK = 0;
    /** Exit status: a comparison failed, or its runs saw errors (its line says which). */
    public static final int FAILED = 1;
    /** Exit status: bad arguments. */
    public static final int USAGE = 2;
    /** Exit status: a program the selected comparisons need is not on the PATH (what to install is printed). */
    public static final int MISSING_PROGRAMS = 2;

    /** The Lepus kv example's port by default. */
    public static final int DEFAULT_KV_PORT = 7379;
    /** The Lepus HTTP example's port by default. */
    public static final int DEFAULT_HTTP_PORT = 8080;
    /** What installs the programs on Debian and Ubuntu. */
    public static final String INSTALL_COMMAND = "apt-get install redis-server redis-tools wrk";

    /** Pairs of runs by default. */
    static final int DEFAULT_PAIRS = 5;
    /** Pairs of runs with {@code --quick}. */
    static final int QUICK_PAIRS = 3;
    /** Requests per test of a kv run without pipelining by default; a pipelined run sends five times as many. */
    static final long DEFAULT_KV_REQUESTS = 200_000;
    /** As {@link #DEFAULT_KV_REQUESTS}, with {@code --quick}. */
    static final long QUICK_KV_REQUESTS = 50_000;
    /** Seconds of a wrk run by default. */
    static final int DEFAULT_WRK_DURATION_S = 10;
    /** Seconds of a wrk run with {@code --quick}. */
    static final int QUICK_WRK_DURATION_S = 2;

    /** Connections of both client programs. */
    static final int CLIENTS = 50;
    /** Requests in flight per connection in the pipelined kv comparisons. */
    static final int PIPELINE = 16;
    /** How many times as many requests a pipelined kv run sends. */
    static final int PIPELINED_REQUESTS_FACTOR = 5;
    /** wrk's client threads. */
    static final int WRK_THREADS = 2;
    /**
     * A kv run is killed when it runs slower than this many requests per second per request in flight on a
     * connection (so at least 5,000 req/s without pipelining, 80,000 with 16), after 30 s of grace.
     */
    static final long KV_MIN_REQUESTS_PER_SEC = 5_000;

    private static final long KV_TIMEOUT_GRACE_MS = 30_000;
    private static final Duration ANSWER_CHECK_TIMEOUT = Duration.ofSeconds(5);

    /** What a comparison measures: the kv protocol or HTTP. */
    private enum Kind {
        /** The kv example on one kernel, one shard (the layout of Redis). */
        KV,
        /** The kv example sharded over two kernels. */
        KV_SHARDED,
        HTTP
    }

    /** The comparisons, in the order they run. */
    private enum Comparison {
        KV_GET("kv-get", Kind.KV, 1, "get"),
        KV_SET("kv-set", Kind.KV, 1, "set"),
        KV_GET_P16("kv-get-p16", Kind.KV, PIPELINE, "get"),
        KV_SET_P16("kv-set-p16", Kind.KV, PIPELINE, "set"),
        KV_SHARDED_GET("kv-sharded-get", Kind.KV_SHARDED, 1, "get"),
        KV_SHARDED_SET("kv-sharded-set", Kind.KV_SHARDED, 1, "set"),
        KV_SHARDED_GET_P16("kv-sharded-get-p16", Kind.KV_SHARDED, PIPELINE, "get"),
        KV_SHARDED_SET_P16("kv-sharded-set-p16", Kind.KV_SHARDED, PIPELINE, "set"),
        HTTP_HELLO("http-hello", Kind.HTTP, 1, "/hello"),
        HTTP_JSON("http-json", Kind.HTTP, 1, "/json");

        /** Its name on its line and on the command line. */
        final String label;
        final Kind kind;
        /** Requests in flight per connection. */
        final int pipeline;
        /** The redis-benchmark test, or the HTTP path. */
        final String target;

        Comparison(final String label, final Kind kind, final int pipeline, final String target) {
            this.label = label;
            this.kind = kind;
            this.pipeline = pipeline;
            this.target = target;
        }

        /** Comparisons with the same key are measured by the same runs. */
        String runKey() {
            return kind == Kind.HTTP ? "http " + target : kind + " -P " + pipeline;
        }

        String what() {
            return switch (kind) {
                case KV, KV_SHARDED -> target.toUpperCase(Locale.ROOT) + " of random keys, " + CLIENTS + " clients, "
                    + (pipeline > 1 ? "pipelining " + pipeline : "no pipelining")
                    + (kind == Kind.KV ? ", kv on one kernel" : ", kv sharded over two kernels")
                    + ", req/s; peer: redis-server";
                case HTTP -> "GET " + target + ", wrk -t" + WRK_THREADS + " -c" + CLIENTS
                    + ", req/s; peer: Netty 4.2 HTTP/1.1 (NIO, " + NettyHttpServer.DEFAULT_THREADS + " threads)";
            };
        }
    }

    /**
     * What a run measured for one comparison.
     *
     * @param requestsPerSec requests per second
     * @param p50Ms median latency, ms
     * @param p99Ms 99th-percentile latency, ms
     * @param errors socket errors and answers with an error status
     * @param errorText the errors in words, or empty if there were none
     */
    record Sample(double requestsPerSec, double p50Ms, double p99Ms, long errors, String errorText) {
    }

    /** One run of one side: a sample for each comparison of a group. */
    @FunctionalInterface
    private interface SideRun {
        Map<Comparison, Sample> run();
    }

    /**
     * The options of a run.
     *
     * @param list only list the comparisons
     * @param quick smaller runs and fewer pairs
     * @param pairs pairs of runs per comparison
     * @param kvPort the port Lepus's kv side is asked to listen on
     * @param httpPort the port Lepus's HTTP side is asked to listen on
     * @param kvRequests requests per test of a kv run without pipelining
     * @param wrkDurationS seconds of a wrk run
     * @param selected the comparisons to run, in their order
     */
    private record Options(boolean list, boolean quick, int pairs, int kvPort, int httpPort, long kvRequests, int wrkDurationS,
            List<Comparison> selected) {
    }

    /** The programs, where they were found. */
    private record Programs(Path redisBenchmark, Path redisServer, Path wrk) {
    }

    private NetBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code [--quick] [--pairs N] [--kv-port P] [--http-port P] [--requests N] [--duration S] [--list]
     *     [NAME...]}: with names ({@code kv-get}, {@code kv-set}, {@code kv-get-p16}, {@code kv-set-p16}, the
     *     same four as {@code kv-sharded-...},
     *     {@code http-hello}, {@code http-json}) only those run. {@code --quick}: 3 pairs, 50,000 kv requests per test
     *     and 2 s wrk runs, instead of 5 pairs, 200,000 and 10 s. {@code --requests} and {@code --duration} set the
     *     last two ({@code --requests} for the runs without pipelining; pipelined runs send five times as many).
     *     {@code --kv-port} and {@code --http-port} are the ports Lepus's sides are asked to listen on (0 for any
     *     free port; defaults 7379 and 8080); the peers listen on free ports. {@code --list} prints the comparisons.
     * @param out where the lines go
     * @param lepus starts and stops Lepus's sides
     * @return {@link #OK}, {@link #FAILED}, {@link #USAGE} or {@link #MISSING_PROGRAMS}
     */
    public static int run(final String[] args, final PrintStream out, final Servers lepus) {
        return run(args, out, lepus, Optional.ofNullable(System.getenv("PATH")).orElse(""));
    }

    /**
     * Runs the benchmark, finding the programs on a given search path.
     *
     * @param args as for {@link #run(String[], PrintStream, Servers)}
     * @param out where the lines go
     * @param lepus starts and stops Lepus's sides
     * @param searchPath where to look for the programs, as {@code PATH}
     * @return as {@link #run(String[], PrintStream, Servers)}
     */
    static int run(final String[] args, final PrintStream out, final Servers lepus, final String searchPath) {
        final Options options;
        try {
            options = parse(args);
        } catch (final IllegalArgumentException ex) {
            out.println("lepus bench net: " + ex.getMessage());
            out.println("usage: lepus bench net [--quick] [--pairs N] [--kv-port P] [--http-port P] [--requests N]"
                + " [--duration S] [--list] [NAME...]");
            out.flush();
            return USAGE;
        }
        if (options.list()) {
            for (final Comparison c : Comparison.values()) {
                out.println(c.label + ": " + c.what());
            }
            out.flush();
            return OK;
        }
        final boolean kv = options.selected().stream().anyMatch(c -> c.kind != Kind.HTTP);
        final boolean http = options.selected().stream().anyMatch(c -> c.kind == Kind.HTTP);
        final Map<String, String> packages = new LinkedHashMap<>();
        if (kv) {
            packages.put(RedisBenchmark.COMMAND, "redis-tools");
            packages.put(RedisServerProcess.COMMAND, "redis-server");
        }
        if (http) {
            packages.put(Wrk.COMMAND, "wrk");
        }
        final Map<String, Path> found = new LinkedHashMap<>();
        final List<String> missing = new ArrayList<>();
        packages.forEach((name, pkg) -> ToolProcess.find(name, searchPath).ifPresentOrElse(
            p -> found.put(name, p), () -> missing.add(name + " (package " + pkg + ")")));
        if (!missing.isEmpty()) {
            out.println("lepus bench net: not on the PATH: " + String.join(", ", missing));
            out.println("install the programs with: " + INSTALL_COMMAND);
            out.flush();
            return MISSING_PROGRAMS;
        }
        final Programs programs = new Programs(found.get(RedisBenchmark.COMMAND),
            found.get(RedisServerProcess.COMMAND), found.get(Wrk.COMMAND));
        header(options, programs, out);
        final long t0 = System.nanoTime();
        int status = OK;
        if (kv) {
            status = Math.max(status, kv(options, programs, lepus, Kind.KV, out));
            status = Math.max(status, kv(options, programs, lepus, Kind.KV_SHARDED, out));
        }
        if (http) {
            status = Math.max(status, http(options, programs, lepus, out));
        }
        out.printf(Locale.ROOT, "# done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        out.flush();
        return status;
    }

    private static Options parse(final String[] args) {
        boolean quick = false;
        int pairs = 0;
        int kvPort = DEFAULT_KV_PORT;
        int httpPort = DEFAULT_HTTP_PORT;
        long kvRequests = 0;
        int wrkDurationS = 0;
        final List<Comparison> named = new ArrayList<>();
        boolean list = false;
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--list" -> list = true;
                case "--pairs" -> pairs = (int) number(args, ++i, a, 1, 1_000);
                case "--kv-port" -> kvPort = (int) number(args, ++i, a, 0, 65_535);
                case "--http-port" -> httpPort = (int) number(args, ++i, a, 0, 65_535);
                case "--requests" -> kvRequests = number(args, ++i, a, 1, 1_000_000_000);
                case "--duration" -> wrkDurationS = (int) number(args, ++i, a, 1, 3_600);
                default -> named.add(comparison(a));
            }
        }
        final List<Comparison> selected = new ArrayList<>();
        for (final Comparison c : Comparison.values()) {
            if (named.isEmpty() || named.contains(c)) {
                selected.add(c);
            }
        }
        return new Options(list, quick, pairs > 0 ? pairs : quick ? QUICK_PAIRS : DEFAULT_PAIRS, kvPort, httpPort,
            kvRequests > 0 ? kvRequests : quick ? QUICK_KV_REQUESTS : DEFAULT_KV_REQUESTS,
            wrkDurationS > 0 ? wrkDurationS : quick ? QUICK_WRK_DURATION_S : DEFAULT_WRK_DURATION_S,
            List.copyOf(selected));
    }

    private static long number(final String[] args, final int i, final String option, final long min,
            final long max) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a number");
        }
        final long n;
        try {
            n = Long.parseLong(args[i]);
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException(option + " needs a number, not '" + args[i] + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(option + " must be from " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    private static Comparison comparison(final String label) {
        final List<String> known = new ArrayList<>();
        for (final Comparison c : Comparison.values()) {
            if (c.label.equals(label)) {
                return c;
            }
            known.add(c.label);
        }
        throw new IllegalArgumentException("unknown comparison or option '" + label + "' (comparisons: "
            + String.join(", ", known) + ")");
    }

    private static void header(final Options o, final Programs programs, final PrintStream out) {
        out.println("# lepus bench net" + (o.quick() ? " --quick" : "") + ": "
            + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version() + ", max heap "
            + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; 1 warm-up run of each side, then the median of "
            + o.pairs() + " pairs of runs");
        final List<String> versions = new ArrayList<>();
        if (programs.redisServer() != null) {
            versions.add(ToolProcess.version(programs.redisServer(), "--version"));
            versions.add(ToolProcess.version(programs.redisBenchmark(), "--version"));
        }
        if (programs.wrk() != null) {
            versions.add("Netty " + Optional.ofNullable(Version.identify().get("netty-common"))
                .map(Version::artifactVersion).orElse("?"));
            versions.add(ToolProcess.version(programs.wrk(), "-v"));
        }
        out.println("# programs: " + String.join("; ", versions));
        out.flush();
    }

    /** The kv comparisons of one layout: Redis and Lepus's kv side up together, one group per pipeline depth. */
    private static int kv(final Options o, final Programs programs, final Servers lepus, final Kind kind,
            final PrintStream out) {
        final List<Comparison> selected = o.selected().stream().filter(c -> c.kind == kind).toList();
        if (selected.isEmpty()) {
            return OK;
        }
        RedisServerProcess redis = null;
        Servers.Handle lepusKv = null;
        try {
            redis = RedisServerProcess.start(programs.redisServer(), 0, RedisServerProcess.DEFAULT_START_TIMEOUT_MS);
            lepusKv = kind == Kind.KV ? lepus.startKv(o.kvPort()) : lepus.startKvSharded(o.kvPort());
        } catch (final Exception ex) {
            failed(selected, "cannot start the servers: " + ex, out);
            stop(lepusKv, "the lepus kv side", out);
            stop(redis, "redis-server", out);
            return FAILED;
        }
        out.println("# kv: lepus on 127.0.0.1:" + lepusKv.port() + ", peer redis-server on 127.0.0.1:"
            + redis.port());
        out.flush();
        int status = OK;
        try {
            for (final List<Comparison> group : groups(selected)) {
                status = Math.max(status, kvGroup(group, o, programs, lepusKv.port(), redis.port(), out));
            }
        } finally {
            final boolean lepusStopped = stop(lepusKv, "the lepus kv side", out);
            final boolean peerStopped = stop(redis, "redis-server", out);
            if (!lepusStopped || !peerStopped) {
                status = FAILED;
            }
        }
        return status;
    }

    private static int kvGroup(final List<Comparison> group, final Options o, final Programs programs,
            final int lepusPort, final int peerPort, final PrintStream out) {
        final int pipeline = group.getFirst().pipeline;
        final long requests = pipeline > 1 ? o.kvRequests() * PIPELINED_REQUESTS_FACTOR : o.kvRequests();
        final List<String> tests = group.stream().map(c -> c.target).toList();
        final long timeoutMs = KV_TIMEOUT_GRACE_MS
            + requests * tests.size() * 1_000 / (KV_MIN_REQUESTS_PER_SEC * pipeline);
        final RedisBenchmark bench = new RedisBenchmark(programs.redisBenchmark(), timeoutMs);
        out.println("# " + labels(group) + ": " + String.join(" ",
            bench.command(lepusPort, CLIENTS, requests, pipeline, tests)) + " (the peer: -p " + peerPort + ")");
        out.flush();
        return measure(group, o.pairs(), () -> kvSamples(group, bench.run(lepusPort, CLIENTS, requests, pipeline,
            tests)), () -> kvSamples(group, bench.run(peerPort, CLIENTS, requests, pipeline, tests)), out);
    }

    private static Map<Comparison, Sample> kvSamples(final List<Comparison> group,
            final Map<String, RedisBenchmark.Result> results) {
        final Map<Comparison, Sample> samples = new EnumMap<>(Comparison.class);
        for (final Comparison c : group) {
            final RedisBenchmark.Result r = results.get(c.target);
            samples.put(c, new Sample(r.requestsPerSec(), r.p50Ms(), r.p99Ms(), 0, ""));
        }
        return samples;
    }

    /** The HTTP comparisons: Netty and Lepus's HTTP side up together, one group of runs per path. */
    private static int http(final Options o, final Programs programs, final Servers lepus, final PrintStream out) {
        final List<Comparison> selected = o.selected().stream().filter(c -> c.kind == Kind.HTTP).toList();
        NettyHttpServer netty = null;
        Servers.Handle lepusHttp = null;
        try {
            netty = NettyHttpServer.start(0, NettyHttpServer.DEFAULT_THREADS);
            lepusHttp = lepus.startHttp(o.httpPort());
        } catch (final Exception ex) {
            failed(selected, "cannot start the servers: " + ex, out);
            stop(lepusHttp, "the lepus http side", out);
            stop(netty, "netty", out);
            return FAILED;
        }
        out.println("# http: lepus on 127.0.0.1:" + lepusHttp.port() + ", peer netty on 127.0.0.1:" + netty.port());
        out.flush();
        final Wrk wrk = new Wrk(programs.wrk());
        int status = OK;
        try {
            for (final List<Comparison> group : groups(selected)) {
                final Comparison c = group.getFirst();
                final URI lepusUrl = URI.create("http://127.0.0.1:" + lepusHttp.port() + c.target);
                final URI peerUrl = URI.create("http://127.0.0.1:" + netty.port() + c.target);
                final Optional<String> differs = compareAnswers(lepusUrl, peerUrl);
                if (differs.isPresent()) {
                    failed(group, differs.get(), out);
                    status = FAILED;
                    continue;
                }
                out.println("# " + c.label + ": " + String.join(" ",
                    wrk.command(lepusUrl, WRK_THREADS, CLIENTS, o.wrkDurationS())) + " (the peer: " + peerUrl
                    + "); both answer GET " + c.target + " alike");
                out.flush();
                status = Math.max(status, measure(group, o.pairs(),
                    () -> Map.of(c, httpSample(wrk.run(lepusUrl, WRK_THREADS, CLIENTS, o.wrkDurationS()))),
                    () -> Map.of(c, httpSample(wrk.run(peerUrl, WRK_THREADS, CLIENTS, o.wrkDurationS()))), out));
            }
        } finally {
            final boolean lepusStopped = stop(lepusHttp, "the lepus http side", out);
            final boolean peerStopped = stop(netty, "netty", out);
            if (!lepusStopped || !peerStopped) {
                status = FAILED;
            }
        }
        return status;
    }

    private static Sample httpSample(final Wrk.Result r) {
        return new Sample(r.requestsPerSec(), r.p50Ms(), r.p99Ms(), r.errors(), r.errors() > 0 ? r.errorText() : "");
    }

    /**
     * Checks that both servers answer one request with the same status, {@code Content-Type} and body.
     *
     * @return how the answers differ, or empty if they do not
     */
    private static Optional<String> compareAnswers(final URI lepusUrl, final URI peerUrl) {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(ANSWER_CHECK_TIMEOUT).build()) {
            final String lepus = answer(client, lepusUrl);
            final String peer = answer(client, peerUrl);
            return lepus.equals(peer) ? Optional.empty()
                : Optional.of("the answers differ: lepus " + lepus + ", peer " + peer);
        } catch (final IOException ex) {
            return Optional.of("GET failed: " + ex);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private static String answer(final HttpClient client, final URI url) throws IOException, InterruptedException {
        final HttpResponse<String> r = client.send(HttpRequest.newBuilder(url).timeout(ANSWER_CHECK_TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse("(no Content-Type)") + " '"
            + r.body() + "'";
    }

    private static String labels(final List<Comparison> group) {
        return String.join(", ", group.stream().map(c -> c.label).toList());
    }

    /** The selected comparisons, in groups measured by the same runs. */
    private static List<List<Comparison>> groups(final List<Comparison> selected) {
        final Map<String, List<Comparison>> groups = new LinkedHashMap<>();
        for (final Comparison c : selected) {
            groups.computeIfAbsent(c.runKey(), k -> new ArrayList<>()).add(c);
        }
        return List.copyOf(groups.values());
    }

    /**
     * Measures a group of comparisons: a warm-up run of each side, then pairs of runs, alternating which side goes
     * first, and prints each comparison's median pair.
     *
     * @return {@link #OK}, or {@link #FAILED} if a run failed or saw errors
     */
    private static int measure(final List<Comparison> group, final int pairs, final SideRun lepus,
            final SideRun peer, final PrintStream out) {
        final Map<Comparison, List<Sample[]>> measured = new EnumMap<>(Comparison.class);
        final Map<Comparison, long[]> errors = new EnumMap<>(Comparison.class);
        for (final Comparison c : group) {
            measured.put(c, new ArrayList<>());
            errors.put(c, new long[2]);
        }
        String run = "warm-up";
        String side = "lepus";
        try {
            report(group, run, side, lepus.run(), errors, 0, out);
            side = "peer";
            report(group, run, side, peer.run(), errors, 1, out);
            for (int i = 0; i < pairs; i++) {
                run = "pair " + (i + 1) + "/" + pairs;
                final Map<Comparison, Sample> l;
                final Map<Comparison, Sample> p;
                if (i % 2 == 0) {
                    side = "lepus";
                    l = report(group, run, side, lepus.run(), errors, 0, out);
                    side = "peer";
                    p = report(group, run, side, peer.run(), errors, 1, out);
                } else {
                    side = "peer";
                    p = report(group, run, side, peer.run(), errors, 1, out);
                    side = "lepus";
                    l = report(group, run, side, lepus.run(), errors, 0, out);
                }
                for (final Comparison c : group) {
                    measured.get(c).add(new Sample[] {l.get(c), p.get(c)});
                    out.printf(Locale.ROOT, "#   %s %s ratio: %.2f%n", run, c.label, ratio(l.get(c), p.get(c)));
                }
                out.flush();
            }
        } catch (final RuntimeException ex) {
            failed(group, side + " " + run + ": " + ex.getMessage(), out);
            return FAILED;
        }
        int status = OK;
        for (final Comparison c : group) {
            final List<Sample[]> sorted = new ArrayList<>(measured.get(c));
            sorted.sort((a, b) -> Double.compare(ratio(a[0], a[1]), ratio(b[0], b[1])));
            final Sample[] median = sorted.get(sorted.size() / 2);
            final long[] e = errors.get(c);
            out.println(line(c.label, median[0], median[1], e[0], e[1]));
            if (e[0] + e[1] > 0) {
                status = FAILED;
            }
        }
        out.flush();
        return status;
    }

    private static Map<Comparison, Sample> report(final List<Comparison> group, final String run, final String side,
            final Map<Comparison, Sample> samples, final Map<Comparison, long[]> errors, final int index,
            final PrintStream out) {
        for (final Comparison c : group) {
            final Sample s = samples.get(c);
            errors.get(c)[index] += s.errors();
            out.println("#   " + run + " " + side + " " + c.label + ": " + format(s.requestsPerSec()) + " req/s, p50 "
                + format(s.p50Ms()) + " ms, p99 " + format(s.p99Ms()) + " ms"
                + (s.errors() > 0 ? ", ERRORS: " + s.errorText() : ""));
        }
        out.flush();
        return samples;
    }

    /** Prints {@code # NAME FAILED: reason} for each comparison; the lines of a long reason as progress lines. */
    private static void failed(final List<Comparison> group, final String reason, final PrintStream out) {
        final List<String> lines = reason.lines().toList();
        for (final Comparison c : group) {
            out.println("# " + c.label + " FAILED: " + (lines.isEmpty() ? "" : lines.getFirst()));
            lines.stream().skip(1).forEach(l -> out.println("#   " + l));
        }
        out.flush();
    }

    /** Closes a server, if started; false (and a progress line) if closing failed. */
    private static boolean stop(final Servers.Handle server, final String what, final PrintStream out) {
        if (server == null) {
            return true;
        }
        try {
            server.close();
            return true;
        } catch (final RuntimeException ex) {
            out.println("# stopping " + what + " failed: " + ex);
            out.flush();
            return false;
        }
    }

    /** Above 1 when Lepus served more requests per second. */
    private static double ratio(final Sample lepus, final Sample peer) {
        return lepus.requestsPerSec() / peer.requestsPerSec();
    }

    /**
     * Formats a comparison's line.
     *
     * @param name the comparison
     * @param lepus Lepus's run of the median pair
     * @param peer the peer's run of that pair
     * @param lepusErrors errors in all of Lepus's runs of the comparison
     * @param peerErrors errors in all of the peer's runs
     * @return {@code NAME lepus=X peer=Y unit=req/s ratio=R p50=A/B p99=C/D ms}, and {@code errors=E/F} if there
     *     were errors
     */
    static String line(final String name, final Sample lepus, final Sample peer, final long lepusErrors,
            final long peerErrors) {
        return name + " lepus=" + format(lepus.requestsPerSec()) + " peer=" + format(peer.requestsPerSec())
            + " unit=req/s ratio=" + String.format(Locale.ROOT, "%.2f", ratio(lepus, peer))
            + " p50=" + format(lepus.p50Ms()) + "/" + format(peer.p50Ms())
            + " p99=" + format(lepus.p99Ms()) + "/" + format(peer.p99Ms()) + " ms"
            + (lepusErrors + peerErrors > 0 ? " errors=" + lepusErrors + "/" + peerErrors : "");
    }

    /** Integers from 100 up, three significant digits below (as the suite's lines). */
    static String format(final double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
