package dev.lepus.bench.suite;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The side-by-side suite behind {@code lepus bench [--quick] [NAME...]}. Each comparison measures Lepus and its peer
 * in this process, in the same run: one warm-up run of each side, then a few pairs of runs, each pair the two sides
 * back to back, and it reports the pair with the median ratio. It prints one line per comparison:
 *
 * <pre>NAME lepus=X peer=Y unit=U ratio=R</pre>
 *
 * <p>R is above 1 when Lepus is better: lepus/peer for rates, peer/lepus for latencies, times and sizes. A line whose
 * measurement has no peer prints {@code peer=- ratio=-}. Progress lines start with {@code "# "}. {@code --quick} runs
 * smaller workloads and fewer repetitions, in under a minute on two cores.
 *
 * <p>Thread contract: call from one thread at a time; the suite starts and stops its own nodes, actor systems and
 * threads, and the calling thread blocks (never spins) while a node runs.
 */
public final class BenchSuite {

    /** The name that selects fs-write and fs-read. */
    static final String FS = "fs";

    /** Exit status: every comparison ran. */
    public static final int OK = 0;
    /** Exit status: a comparison failed (its line says why). */
    public static final int FAILED = 1;
    /** Exit status: bad arguments. */
    public static final int USAGE = 2;

    /** dev.lepus.sql.SqlUnderLoad's count over 100,000 components, in ms. */
    private static Measurement sqlLatency(final int scale) {
        try {
            return new Measurement(dev.lepus.sql.SqlUnderLoad.countMillis(100_000), "ms", false, "median of 11");
        } catch (final Exception ex) {
            throw new IllegalStateException("sql-latency-100k failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * dev.lepus.sql.SqlUnderLoad's fan-out with and without queries, as pairs of phases of one run (0.5 s each in a
     * quick run, 1 s otherwise).
     */
    private static List<Measurement[]> sqlUnderLoad(final int scale, final int pairs, final PrintStream out) {
        try {
            final List<double[]> measured = dev.lepus.sql.SqlUnderLoad.fanout(pairs,
                java.time.Duration.ofMillis(scale == 1 ? 500 : 1_000), line -> {
                    out.println(line);
                    out.flush();
                });
            final List<Measurement[]> list = new ArrayList<>();
            for (final double[] p : measured) {
                list.add(new Measurement[] {new Measurement(p[0], "events/s", true, "with a query every 10 ms"),
                    new Measurement(p[1], "events/s", true, "no queries")});
            }
            return list;
        } catch (final Exception ex) {
            throw new IllegalStateException("sql-under-load failed: " + ex.getMessage(), ex);
        }
    }

    /** Measures both sides of a comparison as pairs inside one run (scale, pairs, progress). */
    @FunctionalInterface
    private interface PairedRun {
        List<Measurement[]> pairs(int scale, int pairs, PrintStream out);
    }

    /**
     * A comparison.
     *
     * @param name the name on its line and on the command line
     * @param lepus measures the Lepus side at a scale (1 = quick)
     * @param peer measures the peer at the same scale, or null if there is none
     * @param peerName the peer, in words
     * @param what what it measures, in words (for {@code --list})
     * @param paired measures both sides as pairs within one run instead (then {@code lepus} and {@code peer} are
     *     null), or null
     */
    private record Comparison(String name, IntFunction<Measurement> lepus, IntFunction<Measurement> peer,
            String peerName, String what, PairedRun paired) {

        Comparison(final String name, final IntFunction<Measurement> lepus, final IntFunction<Measurement> peer,
                final String peerName, final String what) {
            this(name, lepus, peer, peerName, what, null);
        }

        boolean hasPeer() {
            return peer != null || paired != null;
        }
    }

    private BenchSuite() {
    }

    private static Map<String, Comparison> comparisons() {
        final List<Comparison> list = List.of(
            new Comparison("same-kernel-pingpong", PingPong::sameKernel, PekkoBenches::pingPongOneThread,
                "Pekko typed actors on a one-thread dispatcher",
                "call and reply between two components on one kernel, round trips/s"),
            new Comparison("same-kernel-oneway", OneWay::sameKernel, null, null,
                "one producer sending bursts to one consumer on the same kernel, same priority, msg/s"),
            new Comparison("same-kernel-oneway-prio", OneWay::sameKernelConsumerFirst, null, null,
                "as same-kernel-oneway, with the consumer at a higher priority than the producer, msg/s"),
            new Comparison("cross-kernel-rtt", PingPong::crossKernel, SpscBenches::pingPongRtt,
                "JCTools SpscArrayQueue ping-pong between two spinning threads",
                "round-trip time between components on two spinning kernels, mean ns"),
            new Comparison("cross-kernel-throughput", OneWay::crossKernel, SpscBenches::oneWayThroughput,
                "JCTools SpscArrayQueue one-way between two spinning threads",
                "one-way msg/s from a component on kernel 0 to one on kernel 1"),
            new Comparison("fanout", Fanout::run, PekkoBenches::fanout, "Pekko typed actors, default dispatcher",
                "1,000 components on two kernels, 2 sources, 2M (quick) or 10M messages, msg/s"),
            new Comparison("spawn", Spawning::spawn, PekkoBenches::spawn, "Pekko typed spawn, one-thread dispatcher",
                "time to spawn and start one component, ns"),
            new Comparison("bytes-per-component", Spawning::bytesPerComponent, PekkoBenches::bytesPerActor,
                "Pekko typed actor", "heap bytes per idle component (100,000 of them)"),
            new Comparison("cap-check", CapBenches::oneWayWithChecks, CapBenches::oneWayWithoutChecks,
                "the same kernel with capability checks compiled out (benchmark-only flag)",
                "what capability checks cost on the same-kernel one-way path (consumer first), msg/s, in fresh JVMs"),
            new Comparison("revoke-10k", CapBenches::revoke10k, null, null,
                "revoking a tree of 10,000 caps minted across two kernels, ms"),
            new Comparison("sql-under-load", null, null, "the same fan-out with no queries, in alternating phases",
                "fan-out events/s while SELECT count(*) FROM components runs every 10 ms (target ratio >= 0.9)",
                BenchSuite::sqlUnderLoad),
            new Comparison("sql-latency-100k", BenchSuite::sqlLatency, null, null,
                "a prepared SELECT count(*) FROM components over 100,000 idle components on a running node, ms"));
        final Map<String, Comparison> all = new LinkedHashMap<>();
        for (final Comparison c : list) {
            all.put(c.name(), c);
        }
        return all;
    }

    /**
     * Runs the suite from the command line; {@code lepus bench} calls {@link #run} instead.
     *
     * @param args as for {@link #run}
     */
    public static void main(final String[] args) {
        System.exit(run(args, System.out));
    }

    /**
     * Runs the suite.
     *
     * @param args {@code [--quick] [--list] [NAME...]}: with names, only those comparisons run
     * @param out where the lines go; progress lines start with {@code "# "}
     * @return {@link #OK}, {@link #FAILED} if a comparison failed, {@link #USAGE} for bad arguments
     */
    public static int run(final String[] args, final PrintStream out) {
        if (args.length == 3 && args[0].equals(CapBenches.CHILD_FLAG)) {
            return CapBenches.child(args[1], Integer.parseInt(args[2]), out);
        }
        final Map<String, Comparison> all = comparisons();
        boolean quick = false;
        final List<String> names = new ArrayList<>();
        for (final String a : args) {
            switch (a) {
                case "--quick" -> quick = true;
                case "--list" -> {
                    all.values().forEach(c -> out.println(c.name() + ": " + c.what()
                        + (c.hasPeer() ? "; peer: " + c.peerName() : "")));
                    return OK;
                }
                default -> {
                    if (!all.containsKey(a) && !a.equals(FS)) {
                        out.println("lepus bench: unknown comparison '" + a + "' (known: "
                            + String.join(", ", all.keySet()) + ", " + FS + ")");
                        return USAGE;
                    }
                    names.add(a);
                }
            }
        }
        final int scale = quick ? 1 : 5;
        final int repetitions = quick ? 3 : 7;
        out.println("# lepus bench" + (quick ? " --quick" : "") + ": " + Runtime.getRuntime().availableProcessors()
            + " cores, Java " + Runtime.version() + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
            + " MiB; 1 warm-up run of each side, then the median of " + repetitions + " pairs of runs");
        out.flush();
        final long t0 = System.nanoTime();
        int status = OK;
        for (final Comparison c : all.values()) {
            if (!names.isEmpty() && !names.contains(c.name())) {
                continue;
            }
            out.println("# " + c.name() + ": " + c.what() + (c.hasPeer() ? "; peer: " + c.peerName() : ""));
            out.flush();
            try {
                out.println(compare(c, scale, repetitions, out));
            } catch (final RuntimeException ex) {
                out.println("# " + c.name() + " FAILED: " + ex);
                status = FAILED;
            }
            out.flush();
        }
        if (names.isEmpty() || names.contains(FS)) {
            // fs-write and fs-read: the file system kept as tables (embedded H2) against java.nio on the host file
            // system, by the store's own harness, which prints lines of this suite's format.
            try {
                dev.lepus.store.fs.FsBench.main(new String[] {"--files", quick ? "32" : "256", "--pairs",
                    Integer.toString(repetitions)});
            } catch (final java.io.IOException | RuntimeException ex) {
                out.println("# " + FS + " FAILED: " + ex);
                status = FAILED;
            }
        }
        out.printf(Locale.ROOT, "# done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        out.flush();
        return status;
    }

    /**
     * Warms both sides up, then runs {@code repetitions} pairs, each pair the two sides back to back (Lepus first in
     * odd pairs, the peer first in even ones, so that a drift of the machine does not favour a side), and reports the
     * pair whose ratio is the median. A pair is one side-by-side comparison under one condition of the machine; the
     * median pair is robust to the machine changing speed between pairs, which medians of each side taken apart are
     * not (they may come from different pairs, under different conditions). Without a peer, the median run.
     */
    private static String compare(final Comparison c, final int scale, final int repetitions, final PrintStream out) {
        if (c.paired() != null) {
            // Pairs inside one run are short and cheap, so take three times as many.
            return median(c.name(), c.paired().pairs(scale, 3 * repetitions, out));
        }
        progress(out, "warm-up", "lepus", c.lepus().apply(scale));
        if (c.peer() == null) {
            final Measurement[] runs = new Measurement[repetitions];
            for (int i = 0; i < repetitions; i++) {
                runs[i] = c.lepus().apply(scale);
                progress(out, "run " + (i + 1) + "/" + repetitions, "lepus", runs[i]);
            }
            final Measurement[] sorted = runs.clone();
            Arrays.sort(sorted, (a, b) -> Double.compare(a.value(), b.value()));
            return line(c.name(), sorted[repetitions / 2], null);
        }
        progress(out, "warm-up", "peer", c.peer().apply(scale));
        final Measurement[][] pairs = new Measurement[repetitions][];
        for (int i = 0; i < repetitions; i++) {
            final String run = "pair " + (i + 1) + "/" + repetitions;
            final Measurement lepus;
            final Measurement peer;
            if (i % 2 == 0) {
                lepus = c.lepus().apply(scale);
                progress(out, run, "lepus", lepus);
                peer = c.peer().apply(scale);
                progress(out, run, "peer", peer);
            } else {
                peer = c.peer().apply(scale);
                progress(out, run, "peer", peer);
                lepus = c.lepus().apply(scale);
                progress(out, run, "lepus", lepus);
            }
            pairs[i] = new Measurement[] {lepus, peer};
            out.println("#   " + run + " ratio: " + String.format(Locale.ROOT, "%.2f", ratio(lepus, peer)));
        }
        return median(c.name(), Arrays.asList(pairs));
    }

    /** The line of the pair whose ratio is the median. */
    private static String median(final String name, final List<Measurement[]> pairs) {
        final List<Measurement[]> sorted = new ArrayList<>(pairs);
        sorted.sort((a, b) -> Double.compare(ratio(a[0], a[1]), ratio(b[0], b[1])));
        final Measurement[] median = sorted.get(sorted.size() / 2);
        return line(name, median[0], median[1]);
    }

    private static void progress(final PrintStream out, final String run, final String side, final Measurement m) {
        out.println("#   " + run + " " + side + ": " + format(m.value()) + " " + m.unit()
            + (m.note().isEmpty() ? "" : " (" + m.note() + ")"));
        out.flush();
    }

    /** Above 1 when Lepus is better. */
    private static double ratio(final Measurement lepus, final Measurement peer) {
        return lepus.higherIsBetter() ? lepus.value() / peer.value() : peer.value() / lepus.value();
    }

    /**
     * Formats a comparison's line.
     *
     * @param name the comparison
     * @param lepus the Lepus median
     * @param peer the peer's median, or null for none
     * @return {@code NAME lepus=X peer=Y unit=U ratio=R}
     */
    static String line(final String name, final Measurement lepus, final Measurement peer) {
        if (peer == null) {
            return name + " lepus=" + format(lepus.value()) + " peer=- unit=" + lepus.unit() + " ratio=-";
        }
        return name + " lepus=" + format(lepus.value()) + " peer=" + format(peer.value()) + " unit=" + lepus.unit()
            + " ratio=" + String.format(Locale.ROOT, "%.2f", ratio(lepus, peer));
    }

    /** Integers from 100 up, three significant digits below. */
    private static String format(final double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
