package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.agent.BackoffIdleStrategy;

/**
 * Millions of messages between many components on two kernels running on their own threads: every message arrives
 * exactly once, in FIFO order per (sender, receiver) pair, with small channels and mailboxes so that refusals and
 * backpressure happen all the time. Also run with kernels that park after every empty cycle, so that a lost wake-up
 * would hang the run (it is bounded by the test's timeout, and the idle parks are long).
 */
class CrossKernelStressTest {

    /**
     * A numbered message from one sender.
     *
     * @param sender the sender's index
     * @param seq its sequence number towards this receiver
     */
    record Seq(int sender, long seq) {
    }

    /** Tells a sender to go on. */
    record Go() {
    }

    /** Checks FIFO per sender, counts, and reports violations in shared counters. */
    static final class Receiver implements Component<Seq> {
        private final long[] expected;
        private final AtomicLong received;
        private final AtomicLong violations;
        private final Cap<Object> done;
        private final long total;
        private long count;

        Receiver(final int senders, final long total, final AtomicLong received, final AtomicLong violations,
                final Cap<Object> done) {
            this.expected = new long[senders];
            this.total = total;
            this.received = received;
            this.violations = violations;
            this.done = done;
        }

        @Override
        public void onMessage(final Context<Seq> ctx, final Seq m) {
            if (m.seq() != expected[m.sender()]) {
                violations.incrementAndGet();
            }
            expected[m.sender()] = m.seq() + 1;
            received.incrementAndGet();
            if (++count == total) {
                ctx.send(done, new Go());
            }
        }
    }

    /** Sends {@code perReceiver} numbered messages to each receiver, round-robin, retrying on refusal. */
    static final class Sender implements Component<Object> {
        private final int index;
        private final List<Cap<Seq>> receivers;
        private final long perReceiver;
        private final long[] next;
        private final AtomicLong refused;
        private int cursor;
        private long sent;

        Sender(final int index, final List<Cap<Seq>> receivers, final long perReceiver, final AtomicLong refused) {
            this.index = index;
            this.receivers = receivers;
            this.perReceiver = perReceiver;
            this.next = new long[receivers.size()];
            this.refused = refused;
        }

        @Override
        public void onStart(final Context<Object> ctx) {
            ctx.send(ctx.self(), new Go());
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object m) {
            final long total = perReceiver * receivers.size();
            int budget = 512;
            while (sent < total && budget-- > 0) {
                final int r = cursor;
                if (next[r] == perReceiver) {
                    cursor = (r + 1) % receivers.size();
                    continue;
                }
                if (ctx.send(receivers.get(r), new Seq(index, next[r])) != SendResult.OK) {
                    refused.incrementAndGet();
                    break;
                }
                next[r]++;
                sent++;
                cursor = (r + 1) % receivers.size();
            }
            if (sent < total) {
                ctx.send(ctx.self(), new Go());
            }
        }
    }

    @ParameterizedTest(name = "idle={0}, senders={1}, receivers={2}, perPair={3}")
    @CsvSource({
        "spin, 8, 8, 40000",        // 2.56 million messages, half of them across kernels
        "park, 4, 4, 2000"           // kernels park after every empty cycle: exercises the wake-up protocol
    })
    @Timeout(120)
    void shouldDeliverEveryMessageOnceInFifoOrderPerSender(final String idle, final int senders,
            final int receiversCount, final long perPair) throws InterruptedException {
        final AtomicLong received = new AtomicLong();
        final AtomicLong violations = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final NodeSettings settings = new NodeSettings().kernels(2).mailboxCapacity(64).channelCapacity(256)
            .console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        if (idle.equals("park")) {
            // No spinning or yielding: every empty cycle parks, for up to 10 s; a lost wake-up stalls the test.
            settings.idleStrategies(k -> new BackoffIdleStrategy(0, 0, 10_000_000_000L, 10_000_000_000L));
        } else {
            settings.idleAll("spin");
        }
        final Node node = new Node(settings);
        final AtomicLong finished = new AtomicLong();
        final Cap<Object> done = node.spawn(Spawn.<Object>of("done", () -> new Component<Object>() {
            @Override
            public void onMessage(final Context<Object> ctx, final Object m) {
                if (finished.incrementAndGet() == receiversCount) {
                    ctx.shutdown(0);
                }
            }
        }).onKernel(0));
        final List<Cap<Seq>> receivers = new ArrayList<>();
        for (int r = 0; r < receiversCount; r++) {
            receivers.add(node.spawn(Spawn.<Seq>of("r" + r,
                () -> new Receiver(senders, senders * perPair, received, violations, done)).onKernel(r % 2)));
        }
        final List<Cap<Seq>> targets = List.copyOf(receivers);
        for (int s = 0; s < senders; s++) {
            final int index = s;
            node.spawn(Spawn.of("s" + s, () -> new Sender(index, targets, perPair, refused)).onKernel((s + 1) % 2));
        }
        node.start();
        final ExitStatus status = node.awaitExit(Duration.ofSeconds(100));
        final ShutdownReport report = node.stop();
        assertNotNull(status, "the run did not finish: received " + received.get());
        assertEquals(0, violations.get(), "FIFO violations");
        assertEquals((long) senders * receiversCount * perPair, received.get(), "lost or duplicated messages");
        assertEquals(0, report.undeliveredInChannels() + report.undeliveredInMailboxes() + report.deadLetters());
        assertEquals(refused.get(), report.refused(), "every refusal is counted by the kernels");
    }
}
