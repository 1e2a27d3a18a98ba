package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.api.ApiGroup;
import dev.lepus.api.Spawn;
import dev.lepus.api.Timer;
import dev.lepus.kernel.journal.JournalSettings;
import dev.lepus.testkit.TestNode;

/**
 * Record and replay: a multi-kernel run journaled to files replays into fresh instances with the same outputs
 * (checked by digest, event by event) and the same state; a component that reads the system clock is caught at the
 * first event where that shows.
 */
class ReplayTest {

    /** The protocol of the test system. */
    sealed interface Msg {
        record Tick() implements Msg {
        }

        record Item(long n, long roll, String tag) implements Msg {
        }

        record Check(long n, Cap<Verdict> replyTo) implements Msg {
        }

        record Verdict(long n, boolean ok) implements Msg {
        }

        record Stats(Map<String, Long> counts, List<Long> recent) implements Msg {
        }
    }

    /** Ticks every millisecond; sends items with random rolls; asks the auditor every fifth tick; spawns a helper. */
    @Manifest(name = "producer", groups = {ApiGroup.CORE, ApiGroup.TIMERS})
    static final class Producer implements Component<Msg> {
        long ticks;
        long verdicts;
        long lastNow;
        Timer timer;
        Cap<Msg> sink;
        Cap<Msg> auditor;
        Cap<Msg> helper;

        @Override
        public void onStart(final Context<Msg> ctx) {
            sink = ctx.granted("sink");
            auditor = ctx.granted("auditor");
            timer = ctx.every(Duration.ofMillis(1), new Msg.Tick());
            helper = ctx.spawn(Spawn.<Msg>of("helper", Helper::new));
        }

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
            if (!(message instanceof Msg.Tick)) {
                return;
            }
            ticks++;
            lastNow = ctx.nowNs();
            final long roll = Math.floorMod(ctx.random(), 6) + 1;
            ctx.send(sink, new Msg.Item(ticks, roll, roll > 3 ? "high" : "low"));
            ctx.send(helper, new Msg.Item(ticks, roll, "copy"));
            if (ticks % 5 == 0) {
                final long n = ticks;
                ctx.<Msg, Msg.Verdict>ask(auditor, r -> new Msg.Check(n, r), Duration.ofSeconds(1))
                    .onSuccess(v -> {
                        verdicts++;
                        ctx.log("verdict " + v.n() + " " + v.ok());
                    });
            }
            if (ticks == 40) {
                ctx.cancel(timer);
            }
        }
    }

    /** Keeps the last few items it was sent. */
    static final class Helper implements Component<Msg> {
        final java.util.ArrayDeque<Long> last = new java.util.ArrayDeque<>();

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
            if (message instanceof Msg.Item item) {
                last.addLast(item.roll());
                if (last.size() > 4) {
                    last.removeFirst();
                }
            }
        }
    }

    /** Counts items by tag, sums rolls, and reports stats every tenth item. */
    static final class Sink implements Component<Msg> {
        final Map<String, Long> counts = new HashMap<>();
        long sum;
        long items;

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
            if (message instanceof Msg.Item item) {
                counts.merge(item.tag(), 1L, Long::sum);
                sum += item.roll();
                items++;
                if (items % 10 == 0) {
                    ctx.log("stats " + new Msg.Stats(Map.copyOf(counts), List.of(sum, items)));
                }
            }
        }
    }

    /** Approves even numbers. */
    static final class Auditor implements Component<Msg> {
        long asked;

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
            if (message instanceof Msg.Check check) {
                asked++;
                ctx.send(check.replyTo(), new Msg.Verdict(check.n(), check.n() % 2 == 0));
            }
        }
    }

    /** Reads the system clock: not deterministic, which replay must catch. */
    @Manifest(name = "wall", groups = {ApiGroup.CORE, ApiGroup.TIMERS})
    static final class WallClockReader implements Component<Msg> {
        long ticks;

        @Override
        public void onStart(final Context<Msg> ctx) {
            ctx.every(Duration.ofMillis(1), new Msg.Tick());
        }

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
            ticks++;
            if (ticks <= 5) {
                ctx.log("tick " + ticks + " at " + System.nanoTime());
            }
        }
    }

    @Test
    void shouldReplayAMultiKernelRunWithTheSameOutputsAndState(@TempDir final Path dir) {
        final Map<String, Component<?>> live = new TreeMap<>();
        try (TestNode node = new TestNode(new NodeSettings().kernels(2).journal(JournalSettings.file(dir)))) {
            final Cap<Msg> sink = node.spawn(Spawn.<Msg>of("sink", () -> keep(live, "sink", new Sink())).onKernel(1));
            final Cap<Msg> auditor = node.spawn(Spawn.<Msg>of("auditor", () -> keep(live, "auditor", new Auditor()))
                .onKernel(1));
            final Cap<Msg> producer = node.spawn(Spawn.<Msg>of("producer", () -> keep(live, "producer",
                new Producer())).onKernel(0));
            node.grant(producer, "sink", sink, Cap.SEND);
            node.grant(producer, "auditor", auditor, Cap.SEND);
            node.runUntilIdle();
            for (int i = 0; i < 60; i++) {
                node.advance(Duration.ofMillis(1));
            }
            assertTrue(node.console().contains("verdict 40 true"), node.console());
        }
        final Replayer.Result result = Replayer.replay(dir, new Replayer.Options());
        assertTrue(result.ok(), () -> result.divergences() + " " + result.problems());
        assertEquals(4, result.components(), "producer, its helper, sink, auditor");
        for (final String name : List.of("sink", "auditor", "producer")) {
            assertEquals(StateView.render(live.get(name)), StateView.render(result.instances().get(name)), name);
        }
        final Producer replayed = (Producer) result.instances().get("producer");
        assertEquals(40, replayed.ticks);
        assertEquals(8, replayed.verdicts);
    }

    @Test
    void shouldNameTheFirstEventWhereAComponentReadingTheSystemClockDiverges(@TempDir final Path dir) {
        try (TestNode node = new TestNode(new NodeSettings().kernels(1).journal(JournalSettings.file(dir)))) {
            node.spawn(Spawn.<Msg>of("wall", WallClockReader::new));
            node.runUntilIdle();
            for (int i = 0; i < 10; i++) {
                node.advance(Duration.ofMillis(1));
            }
        }
        final Replayer.Result result = Replayer.replay(dir, new Replayer.Options());
        assertEquals(1, result.divergences().size(), result::toString);
        final Replayer.Divergence d = result.divergences().get(0);
        assertEquals("wall", d.component());
        assertEquals(1, d.seq(), "the first timer firing, right after the start (seq 0)");
        assertTrue(d.event().contains("timer #0"), d.event());
        assertTrue(d.toString().contains("diverged at seq 1"), d.toString());
    }

    @Test
    void shouldWriteAnInMemoryRingOutWhenTheNodeClosesAndReplayIt(@TempDir final Path dir) {
        try (TestNode node = new TestNode(new NodeSettings().kernels(1)
                .journal(JournalSettings.file(dir).withPolicy(dev.lepus.kernel.journal.JournalPolicy.RING)))) {
            node.spawn(Spawn.<Msg>of("auditor", Auditor::new));
            node.runUntilIdle();
            assertTrue(!java.nio.file.Files.exists(dir.resolve("kernel-0")), "a ring stays in memory while running");
        }
        final Replayer.Result result = Replayer.replay(dir, new Replayer.Options());
        assertTrue(result.ok(), result::toString);
        assertEquals(1, result.components());
    }

    @Test
    void shouldReportJournalDamageWithFileAndOffsetAndNeverReplayOverIt(@TempDir final Path dir) throws Exception {
        try (TestNode node = new TestNode(new NodeSettings().kernels(2).journal(JournalSettings.file(dir)))) {
            final Cap<Msg> sink = node.spawn(Spawn.<Msg>of("sink", Sink::new).onKernel(1));
            final Cap<Msg> auditor = node.spawn(Spawn.<Msg>of("auditor", Auditor::new).onKernel(1));
            final Cap<Msg> producer = node.spawn(Spawn.<Msg>of("producer", Producer::new).onKernel(0));
            node.grant(producer, "sink", sink, Cap.SEND);
            node.grant(producer, "auditor", auditor, Cap.SEND);
            node.runUntilIdle();
            for (int i = 0; i < 60; i++) {
                node.advance(Duration.ofMillis(1));
            }
        }
        final Path segment;
        try (var files = java.nio.file.Files.list(dir.resolve("kernel-1"))) {
            segment = files.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        final byte[] bytes = java.nio.file.Files.readAllBytes(segment);
        bytes[bytes.length / 2] ^= 0x10; // a flipped bit in the middle of kernel 1's journal
        java.nio.file.Files.write(segment, bytes);

        final Replayer.Result result = Replayer.replay(dir, new Replayer.Options());
        assertTrue(result.problems().stream().anyMatch(p -> p.contains("journal damage in " + segment)
            && p.contains("at offset")), result.problems()::toString);
        assertTrue(result.problems().stream().anyMatch(p -> p.contains("lost")
            && (p.contains("missing before") || p.contains("cannot be checked"))),
            () -> "the component that lost a record stops there: " + result.problems());
        assertTrue(result.divergences().isEmpty(), "damage is not mistaken for divergence: " + result.divergences());
        final Producer producer = (Producer) result.instances().get("producer");
        assertEquals(40, producer.ticks, "kernel 0's journal is whole: its component replays to the end");
    }

    private static <C extends Component<?>> C keep(final Map<String, Component<?>> live, final String name,
            final C c) {
        live.put(name, c);
        return c;
    }
}
