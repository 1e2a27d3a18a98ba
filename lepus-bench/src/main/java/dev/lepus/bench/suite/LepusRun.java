package dev.lepus.bench.suite;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import dev.lepus.kernel.ExitStatus;
import dev.lepus.kernel.Kernel;
import dev.lepus.kernel.KernelCounters;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.kernel.ShutdownReport;

/**
 * Boots a node whose kernels spin when idle, lets the setup spawn and grant, starts it, blocks (never spins) until a
 * component shuts the system down, and stops it. A run that does not end with exit code 0, or that leaves a failure
 * behind, throws: a benchmark that lost messages has no result.
 *
 * <p>Thread contract: call from the harness thread; the node's kernels run on their own threads.
 */
final class LepusRun {

    /** The longest a single run may take before the suite gives up on it. */
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** How much of a run's console (component logs, failure reports) is kept to explain a failed run. */
    private static final int CONSOLE_KEPT_BYTES = 4096;

    /**
     * What the kernels of a run counted, summed over the kernels.
     *
     * @param delivered events handed to components (messages, including the senders' continue messages)
     * @param sentRemote messages put into channels to other kernels
     * @param refusedFull sends refused because a mailbox or a channel was full (each was retried later)
     * @param backpressure channel entries left in a channel because the receiver's mailbox was full
     */
    record Counters(long delivered, long sentRemote, long refusedFull, long backpressure) {

        /** @return the counters as words, for a progress line */
        String describe() {
            return "events " + delivered + ", cross-kernel sends " + sentRemote + ", refused (full) " + refusedFull
                + ", channel backpressure " + backpressure;
        }
    }

    private LepusRun() {
    }

    /**
     * Runs a node of {@code kernels} spinning kernels until it exits.
     *
     * @param kernels the number of kernels
     * @param setup spawns the components and grants their caps, before the node starts
     * @return the node's counters, summed over its kernels, after it stopped
     */
    static Counters run(final int kernels, final Consumer<Node> setup) {
        final FirstBytes console = new FirstBytes(CONSOLE_KEPT_BYTES);
        final Node node = new Node(new NodeSettings().kernels(kernels).idleAll("spin")
            .console(new PrintStream(console, true, StandardCharsets.UTF_8)));
        try {
            setup.accept(node);
            node.start();
            final ExitStatus status = node.awaitExit(TIMEOUT);
            final ShutdownReport report = node.stop();
            if (status == null) {
                throw new IllegalStateException("the benchmark system did not end within " + TIMEOUT);
            }
            if (status.code() != 0 || report.failures() != 0) {
                throw new IllegalStateException("the benchmark system ended badly: " + report.describe()
                    + (console.size() == 0 ? "" : "; its console said: " + console.toString(StandardCharsets.UTF_8)));
            }
            return sum(node);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        } finally {
            node.close();
        }
    }

    private static Counters sum(final Node node) {
        long delivered = 0;
        long sentRemote = 0;
        long refusedFull = 0;
        long backpressure = 0;
        for (final Kernel k : node.kernels()) {
            final KernelCounters c = k.counters();
            delivered += c.delivered;
            sentRemote += c.sentRemote;
            refusedFull += c.refusedFull;
            backpressure += c.backpressure;
        }
        return new Counters(delivered, sentRemote, refusedFull, backpressure);
    }

    /** Keeps the first bytes written to it and drops the rest: a bounded console. Threadsafe (synchronized). */
    private static final class FirstBytes extends ByteArrayOutputStream {
        private final int limit;

        FirstBytes(final int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(final int b) {
            if (count < limit) {
                super.write(b);
            }
        }

        @Override
        public synchronized void write(final byte[] b, final int off, final int len) {
            super.write(b, off, Math.max(0, Math.min(len, limit - count)));
        }
    }
}
