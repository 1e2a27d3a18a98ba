package dev.lepus.bench.suite;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.RestartPolicy;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;

/**
 * Lepus one-way throughput: a {@link Source} sends {@code total} messages to a {@link Sink} as fast as the sink's
 * mailbox (same kernel) or the channel (two kernels) takes them. A refused send ({@link SendResult#FULL}) ends the
 * source's burst: it sends itself {@link Flow.Go} and resumes with the refused message when that arrives, so the
 * kernel runs the sink in between; it never spins inside a handler.
 *
 * <p>On one kernel the two components have the same priority by default, so the kernel's round-robin decides when
 * the sink runs; {@link #sameKernelConsumerFirst} gives the sink a higher priority, the layout of a pipeline whose
 * queues should stay short (the kernel runs the highest-priority ready component first).
 *
 * <p>The sink takes the clock at its {@code total / 10}-th message and at its last, so the rate is that of the steady
 * state. The components publish their results in static fields: this is a harness.
 *
 * <p>Thread contract: {@link #run} is called from the harness thread, one run at a time.
 */
final class OneWay {

    /** The protocol of both components. */
    sealed interface Flow {

        /**
         * One message of the stream.
         *
         * @param seq its number
         */
        record Item(long seq) implements Flow {
        }

        /** The source tells itself to go on sending. */
        record Go() implements Flow {
        }
    }

    /** Messages a source sends per handler invocation, at most. */
    static final int BURST = 4096;

    private static final Flow.Go GO = new Flow.Go();

    /** Written by the sink's kernel thread; read by the harness after the node exited. */
    private static volatile long startNs;
    private static volatile long endNs;
    private static volatile String sinkError;

    private OneWay() {
    }

    /**
     * Streams {@code total} messages from a source on kernel 0 to a sink on the last kernel.
     *
     * @param kernels 1 for same-kernel, 2 for cross-kernel
     * @param total the messages, warm-up included
     * @param sinkPriority the sink's priority (the source has the lowest)
     * @return the rate of the measured part, in messages per second, with the run's counters as its note
     */
    static Measurement run(final int kernels, final long total, final int sinkPriority) {
        final long from = total / 10;
        sinkError = null;
        final LepusRun.Counters counters;
        try {
            counters = LepusRun.run(kernels, node -> {
                final Cap<Flow> sink = node.spawn(Spawn.<Flow>of("sink", () -> new Sink(from, total))
                    .onKernel(kernels - 1).priority(sinkPriority).restart(RestartPolicy.escalate()));
                final Cap<Flow> source = node.spawn(Spawn.<Flow>of("source", () -> new Source(total)).onKernel(0)
                    .restart(RestartPolicy.escalate()));
                node.grant(source, "sink", sink);
            });
        } catch (final IllegalStateException ex) {
            throw sinkError == null ? ex : new IllegalStateException(sinkError, ex);
        }
        return Measurement.rate(total - from, endNs - startNs, "msg/s").note(counters.describe());
    }

    /**
     * One producer, one consumer, one kernel, the same priority.
     *
     * @param scale 1 for quick, larger for a full run
     * @return messages per second
     */
    static Measurement sameKernel(final int scale) {
        return run(1, 20_000_000L * scale, Spawn.MIN_PRIORITY);
    }

    /**
     * One producer, one consumer, one kernel, the consumer at a higher priority than the producer.
     *
     * @param scale 1 for quick, larger for a full run
     * @return messages per second
     */
    static Measurement sameKernelConsumerFirst(final int scale) {
        return run(1, 20_000_000L * scale, Spawn.MIN_PRIORITY + 1);
    }

    /**
     * From a component on kernel 0 to one on kernel 1.
     *
     * @param scale 1 for quick, larger for a full run
     * @return messages per second
     */
    static Measurement crossKernel(final int scale) {
        return run(2, 20_000_000L * scale, Spawn.MIN_PRIORITY);
    }

    /** Sends {@code total} numbered items to the sink it was granted, in bursts. */
    static final class Source implements Component<Flow> {
        private final long total;
        private long sent;
        private Cap<Flow> sink;

        Source(final long total) {
            this.total = total;
        }

        @Override
        public void onStart(final Context<Flow> ctx) {
            sink = ctx.granted("sink");
            ctx.send(ctx.self(), GO);
        }

        @Override
        public void onMessage(final Context<Flow> ctx, final Flow message) {
            final Cap<Flow> to = sink;
            final long end = Math.min(total, sent + BURST);
            long s = sent;
            while (s < end) {
                final SendResult r = ctx.send(to, new Flow.Item(s));
                if (r == SendResult.FULL) {
                    break; // resume with item s after the sink had its turn
                }
                if (r != SendResult.OK) {
                    throw new IllegalStateException("send refused: " + r);
                }
                s++;
            }
            sent = s;
            if (s < total && ctx.send(ctx.self(), GO) != SendResult.OK) {
                throw new IllegalStateException("the source could not send itself a continue message");
            }
        }
    }

    /** Counts the items, checks their order, and shuts the system down after the last. */
    static final class Sink implements Component<Flow> {
        private final long from;
        private final long total;
        private long received;

        Sink(final long from, final long total) {
            this.from = from;
            this.total = total;
        }

        @Override
        public void onMessage(final Context<Flow> ctx, final Flow message) {
            if (!(message instanceof Flow.Item item) || item.seq() != received) {
                sinkError = "the sink expected item " + received + " and got " + message;
                ctx.shutdown(1);
                return;
            }
            final long n = ++received;
            if (n == from) {
                startNs = System.nanoTime();
            } else if (n == total) {
                endNs = System.nanoTime();
                ctx.shutdown(0);
            }
        }
    }
}
