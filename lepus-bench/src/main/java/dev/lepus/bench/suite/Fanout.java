package dev.lepus.bench.suite;

import java.util.ArrayList;
import java.util.List;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.RestartPolicy;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;

/**
 * Lepus fan-out, the shape of {@code examples/fanout.toml}: a {@link Coordinator} on kernel 0 spawns {@code workers}
 * workers spread round-robin over the kernels and one {@link Source} per kernel; the sources send {@code messages}
 * messages round-robin to the workers (in bursts, resuming after a refused send), then tell every worker they are
 * done; each worker reports its count, and the coordinator checks that every message arrived once. The clock runs from
 * the coordinator's start (spawning included) to the last report. Every component escalates a failure, which ends
 * the run with an error rather than a restart that would lose counts.
 *
 * <p>Thread contract: {@link #run} is called from the harness thread, one run at a time.
 */
final class Fanout {

    /** The protocol of the fan-out components. */
    sealed interface Work {

        /**
         * A piece of work.
         *
         * @param value its payload
         */
        record Item(long value) implements Work {
        }

        /** A source sent everything to this worker. */
        record Done() implements Work {
        }

        /** A source tells itself to go on sending. */
        record Go() implements Work {
        }

        /**
         * A worker's count, to the coordinator.
         *
         * @param received the items it received
         */
        record Count(long received) implements Work {
        }
    }

    /** The number of workers. */
    static final int WORKERS = 1000;

    private static final Work.Go GO = new Work.Go();
    private static final Work.Done DONE = new Work.Done();

    /** Written by the coordinator's kernel thread; read by the harness after the node exited. */
    private static volatile long startNs;
    private static volatile long endNs;

    private Fanout() {
    }

    /**
     * Runs the fan-out on two kernels.
     *
     * @param scale 1 for quick (2 million messages), 5 for a full run (10 million)
     * @return messages per second
     */
    static Measurement run(final int scale) {
        final long messages = 2_000_000L * scale;
        final int kernels = 2;
        final LepusRun.Counters counters = LepusRun.run(kernels, node -> node.spawn(
            Spawn.<Work>of("coordinator", () -> new Coordinator(WORKERS, messages, kernels)).onKernel(0)
                .restart(RestartPolicy.escalate())));
        return Measurement.rate(messages, endNs - startNs, "msg/s").note(counters.describe());
    }

    /** Spawns the workers and the sources, and checks the workers' counts. */
    static final class Coordinator implements Component<Work> {
        private final int workers;
        private final long messages;
        private final int kernels;
        private int reported;
        private long received;

        Coordinator(final int workers, final long messages, final int kernels) {
            this.workers = workers;
            this.messages = messages;
            this.kernels = kernels;
        }

        @Override
        public void onStart(final Context<Work> ctx) {
            startNs = System.nanoTime();
            final Cap<Work> self = ctx.self();
            final List<Cap<Work>> caps = new ArrayList<>(workers);
            for (int i = 0; i < workers; i++) {
                caps.add(ctx.spawn(Spawn.<Work>of("worker-" + i, () -> new Worker(self, kernels))
                    .restart(RestartPolicy.escalate())));
            }
            final List<Cap<Work>> all = List.copyOf(caps);
            for (int s = 0; s < kernels; s++) {
                final long share = messages / kernels + (s < messages % kernels ? 1 : 0);
                final int offset = s;
                ctx.spawn(Spawn.<Work>of("source-" + s, () -> new Source(all, share, offset)).onKernel(s)
                    .restart(RestartPolicy.escalate()));
            }
        }

        @Override
        public void onMessage(final Context<Work> ctx, final Work message) {
            if (!(message instanceof Work.Count c)) {
                throw new IllegalArgumentException("unexpected " + message);
            }
            received += c.received();
            if (++reported == workers) {
                endNs = System.nanoTime();
                ctx.shutdown(received == messages ? 0 : 1);
            }
        }
    }

    /** Sends its share round-robin to the workers, then tells each of them it is done. */
    static final class Source implements Component<Work> {
        private final List<Cap<Work>> workers;
        private final long share;
        private final int offset;
        private long sent;
        private int doneSent;

        Source(final List<Cap<Work>> workers, final long share, final int offset) {
            this.workers = workers;
            this.share = share;
            this.offset = offset;
        }

        @Override
        public void onStart(final Context<Work> ctx) {
            ctx.send(ctx.self(), GO);
        }

        @Override
        public void onMessage(final Context<Work> ctx, final Work message) {
            final List<Cap<Work>> ws = workers;
            final int n = ws.size();
            int budget = OneWay.BURST;
            while (sent < share && budget-- > 0) {
                final SendResult r = ctx.send(ws.get((int) ((sent + offset) % n)), new Work.Item(sent));
                if (r == SendResult.FULL) {
                    break;
                }
                check(r);
                sent++;
            }
            while (sent == share && doneSent < n && budget-- > 0) {
                final SendResult r = ctx.send(ws.get(doneSent), DONE);
                if (r == SendResult.FULL) {
                    break;
                }
                check(r);
                doneSent++;
            }
            if (doneSent < n) {
                check(ctx.send(ctx.self(), GO));
            }
        }

        static void check(final SendResult r) {
            if (r != SendResult.OK) {
                throw new IllegalStateException("send refused: " + r);
            }
        }
    }

    /**
     * Counts its items until every source said done, then reports to the coordinator. The report crosses kernels for
     * half of the workers, through a channel the other source may still be filling: a refused report is retried
     * after a continue message to itself.
     */
    static final class Worker implements Component<Work> {
        private final Cap<Work> coordinator;
        private final int sources;
        private long received;
        private int done;

        Worker(final Cap<Work> coordinator, final int sources) {
            this.coordinator = coordinator;
            this.sources = sources;
        }

        @Override
        public void onMessage(final Context<Work> ctx, final Work message) {
            switch (message) {
                case Work.Item ignored -> received++;
                case Work.Done ignored -> {
                    if (++done == sources) {
                        report(ctx);
                    }
                }
                case Work.Go ignored -> report(ctx);
                default -> throw new IllegalArgumentException("unexpected " + message);
            }
        }

        private void report(final Context<Work> ctx) {
            final SendResult r = ctx.send(coordinator, new Work.Count(received));
            if (r == SendResult.FULL) {
                Source.check(ctx.send(ctx.self(), GO));
            } else {
                Source.check(r);
            }
        }
    }
}
