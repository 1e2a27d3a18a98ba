package dev.lepus.bench.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.Kernel;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;

/**
 * What capabilities cost: the same-kernel one-way rate with and without the kernel's capability checks, and the time
 * to revoke a large derivation tree.
 *
 * <p>The checks are a {@code static final} flag of the kernel, so the variant without them needs its own JVM
 * ({@code -Dlepus.bench.noCapChecks=true}, a benchmark-only switch): both sides run in fresh child JVMs, with the same
 * flags, each reports the median of its own repetitions, and every call starts a new JVM: the JIT's choices differ
 * from one JVM to the next by more than the checks cost, so the suite's pairs of fresh JVMs are what shows the cost.
 *
 * <p>Thread contract: called from the harness thread.
 */
final class CapBenches {

    /** The suite's argument that turns a JVM into a child: {@code --child WHAT SCALE}. */
    static final String CHILD_FLAG = "--child";

    private CapBenches() {
    }

    /**
     * The same-kernel one-way rate with capability checks, in a fresh JVM (one per call, so that every pair of the
     * suite compares two fresh JIT compilations).
     *
     * @param scale 1 for quick, larger for a full run
     * @return messages per second
     */
    static Measurement oneWayWithChecks(final int scale) {
        return oneWayInChild(scale, true);
    }

    /**
     * The same-kernel one-way rate with capability checks compiled out, in a fresh JVM (one per call).
     *
     * @param scale 1 for quick, larger for a full run
     * @return messages per second
     */
    static Measurement oneWayWithoutChecks(final int scale) {
        return oneWayInChild(scale, false);
    }

    private static Measurement oneWayInChild(final int scale, final boolean checks) {
        final List<String> cmd = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseParallelGC",
            "-Dlepus.bench.noCapChecks=" + !checks, "-cp", System.getProperty("java.class.path"),
            BenchSuite.class.getName(), CHILD_FLAG, "oneway", Integer.toString(Math.min(scale, 2))));
        try {
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    last = line;
                }
            }
            if (p.waitFor() != 0 || last == null) {
                throw new IllegalStateException("the child benchmark JVM failed: " + last);
            }
            return new Measurement(Double.parseDouble(last.trim()), "msg/s", true, checks ? "with checks"
                : "without checks");
        } catch (final IOException ex) {
            throw new IllegalStateException("cannot start a child JVM: " + ex.getMessage(), ex);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    /**
     * The child JVM's side: one warm-up run and five measured runs; prints the median alone on the last line.
     *
     * @param what the benchmark; only {@code oneway}
     * @param scale the scale
     * @param out where the result goes
     * @return 0, or {@link BenchSuite#USAGE} for an unknown benchmark
     */
    static int child(final String what, final int scale, final PrintStream out) {
        if (!what.equals("oneway")) {
            out.println("unknown child benchmark " + what);
            return BenchSuite.USAGE;
        }
        OneWay.sameKernelConsumerFirst(scale);
        final double[] v = new double[5];
        for (int i = 0; i < v.length; i++) {
            v[i] = OneWay.sameKernelConsumerFirst(scale).value();
        }
        Arrays.sort(v);
        out.println(v[v.length / 2]);
        return BenchSuite.OK;
    }

    /** Untimed revokes before the timed ones: revocation is one walk per call, so the JIT needs calls to warm up. */
    static final int REVOKE_WARMUP = 20;
    /** Timed revokes; the median is the result. */
    static final int REVOKE_TIMED = 11;

    /**
     * Revokes trees of 10,000 caps, each minted from a random earlier one by holders on two kernels alternately, on
     * a hand-stepped node: {@value #REVOKE_WARMUP} untimed, then the median of {@value #REVOKE_TIMED} timed, a
     * fresh tree each time (steady state, as a JMH single-shot benchmark with warm-up iterations measures it).
     *
     * @param scale ignored
     * @return milliseconds for one revoke
     */
    static Measurement revoke10k(final int scale) {
        final double[] ms = new double[REVOKE_TIMED];
        for (int i = 0; i < REVOKE_WARMUP + REVOKE_TIMED; i++) {
            final double t = revokeOnce(10_000, i);
            if (i >= REVOKE_WARMUP) {
                ms[i - REVOKE_WARMUP] = t;
            }
        }
        Arrays.sort(ms);
        return new Measurement(ms[REVOKE_TIMED / 2], "ms", false, String.format(java.util.Locale.ROOT,
            "min %.3f, max %.3f ms over %d revokes", ms[0], ms[REVOKE_TIMED - 1], REVOKE_TIMED));
    }

    private static double revokeOnce(final int size, final long seed) {
        final Node node = new Node(new NodeSettings().kernels(2).manual(true));
        try {
            for (final Kernel k : node.kernels()) {
                k.bindToCurrentThread();
            }
            node.start();
            final List<Context<Object>> holders = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                node.spawn(Spawn.<Object>of("holder-" + i, () -> new Holder(holders)).onKernel(i));
            }
            for (final Kernel k : node.kernels()) {
                k.doWork();
            }
            final Random random = new Random(seed);
            final List<Cap<Object>> tree = new ArrayList<>(size);
            tree.add(holders.get(0).mint(holders.get(0).self(), Cap.ALL, 0));
            while (tree.size() < size) {
                final Cap<Object> parent = tree.get(random.nextInt(tree.size()));
                tree.add(holders.get(tree.size() % 2).mint(parent, Cap.ALL, 0));
            }
            final long t0 = System.nanoTime();
            final int revoked = holders.get(0).revoke(tree.get(0));
            final long t1 = System.nanoTime();
            if (revoked != size) {
                throw new IllegalStateException("revoked " + revoked + " caps, expected " + size);
            }
            return (t1 - t0) / 1e6;
        } finally {
            node.close();
        }
    }

    /**
     * Hands its context to the harness at start, so that the harness can mint and revoke on the kernel's (its own)
     * thread between steps: a benchmark shortcut, not something a component may do.
     */
    static final class Holder implements Component<Object> {
        private final List<Context<Object>> holders;

        Holder(final List<Context<Object>> holders) {
            this.holders = holders;
        }

        @Override
        public void onStart(final Context<Object> ctx) {
            holders.add(ctx);
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
        }
    }
}
