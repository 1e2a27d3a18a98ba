package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.api.Snapshottable;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.journal.JournalReader;
import dev.lepus.kernel.journal.JournalRecord;
import dev.lepus.kernel.journal.JournalSettings;
import dev.lepus.testkit.TestNode;

/**
 * Snapshots: taken every so many inputs (by fields, or by the component's own method), checked against the state the
 * journal rebuilds, used as the starting point of a replay and of a durable restart; a snapshot that lies is caught.
 */
class SnapshotTest {

    /** The protocol. */
    enum Tick {
        TICK
    }

    /** Snapshotted by its fields: a count, a label and a cap. */
    @Manifest(name = "counter", groups = {ApiGroup.CORE, ApiGroup.TIMERS})
    static final class Counter implements Component<Tick> {
        long count;
        String label = "none";
        Cap<Tick> self;

        @Override
        public void onStart(final Context<Tick> ctx) {
            self = ctx.self();
            ctx.every(Duration.ofMillis(1), Tick.TICK);
        }

        @Override
        public void onMessage(final Context<Tick> ctx, final Tick message) {
            count++;
            label = "at " + count;
            ctx.log("count " + count);
        }
    }

    /** Keeps a HashMap, so it snapshots itself. */
    @Manifest(name = "tally", groups = {ApiGroup.CORE, ApiGroup.TIMERS})
    static class Tally implements Component<Tick>, Snapshottable<Map<String, Long>> {
        final Map<String, Long> seen = new HashMap<>();

        @Override
        public void onStart(final Context<Tick> ctx) {
            ctx.every(Duration.ofMillis(1), Tick.TICK);
        }

        @Override
        public void onMessage(final Context<Tick> ctx, final Tick message) {
            seen.merge(Math.floorMod(ctx.random(), 3) + "", 1L, Long::sum);
        }

        @Override
        public Map<String, Long> snapshot() {
            return Map.copyOf(seen);
        }

        @Override
        public void restore(final Map<String, Long> snapshot) {
            seen.putAll(snapshot);
        }
    }

    /** Its snapshot is off by one: what replay must catch. */
    @Manifest(name = "liar", groups = {ApiGroup.CORE, ApiGroup.TIMERS})
    static final class Liar extends Tally {
        @Override
        public Map<String, Long> snapshot() {
            final Map<String, Long> wrong = new HashMap<>(seen);
            wrong.merge("lie", 1L, Long::sum);
            return Map.copyOf(wrong);
        }
    }

    private static void record(final Path dir, final Spawn<Tick> spec, final int millis) {
        try (TestNode node = new TestNode(new NodeSettings().kernels(1).journal(JournalSettings.file(dir))
                .snapshotEvery(25))) {
            node.spawn(spec);
            node.runUntilIdle();
            for (int i = 0; i < millis; i++) {
                node.advance(Duration.ofMillis(1));
            }
        }
    }

    private static long snapshots(final Path dir) {
        long n = 0;
        try (JournalReader r = JournalReader.open(dir)) {
            for (final JournalRecord rec : r.records()) {
                n += rec.kind() == Recorder.SNAPSHOT ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void shouldSnapshotByFieldsCheckEverySnapshotAndReplayFromTheNewest(@TempDir final Path dir) {
        record(dir, Spawn.of("counter", Counter::new), 110);
        assertEquals(4, snapshots(dir), "every 25 inputs (the start, then ticks): after 25, 50, 75 and 100");
        final Replayer.Result full = Replayer.replay(dir, new Replayer.Options());
        assertTrue(full.ok(), full::toString);
        final Replayer.Result fast = Replayer.replay(dir, new Replayer.Options().fromSnapshot(true));
        assertTrue(fast.ok(), fast::toString);
        assertTrue(fast.events() < 20, "only the inputs after the newest snapshot: " + fast.events());
        assertEquals(StateView.render(full.instances().get("counter")),
            StateView.render(fast.instances().get("counter")));
        assertEquals(110, ((Counter) fast.instances().get("counter")).count);
    }

    @Test
    void shouldSnapshotAComponentByItsOwnMethod(@TempDir final Path dir) {
        record(dir, Spawn.of("tally", Tally::new), 60);
        assertEquals(2, snapshots(dir));
        final Replayer.Result full = Replayer.replay(dir, new Replayer.Options());
        final Replayer.Result fast = Replayer.replay(dir, new Replayer.Options().fromSnapshot(true));
        assertTrue(full.ok() && fast.ok(), full + " " + fast);
        assertEquals(((Tally) full.instances().get("tally")).seen, ((Tally) fast.instances().get("tally")).seen);
    }

    @Test
    void shouldCatchASnapshotThatDoesNotMatchItsJournal(@TempDir final Path dir) {
        record(dir, Spawn.of("liar", Liar::new), 30);
        final Replayer.Result full = Replayer.replay(dir, new Replayer.Options());
        assertTrue(full.problems().stream().anyMatch(p -> p.contains("does not match its journal")
            && p.contains(".seg @")), full::toString);
    }

    @Test
    void shouldRestartDurablyFromTheNewestSnapshotPlusTheTail(@TempDir final Path dir) {
        final Counter[] first = new Counter[1];
        try (TestNode node = new TestNode(new NodeSettings().kernels(1).journal(JournalSettings.fsync(dir))
                .snapshotEvery(25))) {
            node.spawn(Spawn.<Tick>of("counter", () -> first[0] = new Counter()));
            node.runUntilIdle();
            for (int i = 0; i < 60; i++) {
                node.advance(Duration.ofMillis(1));
            }
        }
        final Counter[] second = new Counter[1];
        final dev.lepus.kernel.clock.ManualClock clock = new dev.lepus.kernel.clock.ManualClock(0);
        final java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        final Node restarted = new Node(new NodeSettings().kernels(1).manual(true).clock(clock)
            .console(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8))
            .journal(JournalSettings.fsync(dir)).snapshotEvery(25).restore(true));
        restarted.spawn(Spawn.<Tick>of("counter", () -> second[0] = new Counter()));
        try (TestNode node = new TestNode(restarted, clock)) { // starts it: the counter is rebuilt, not started
            final String restoredLine = console.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(restoredLine.contains("restored 1 component(s)") && restoredLine.contains("(12 events)"),
                "from the snapshot after 50 inputs (start and 49 ticks): 11 ticks and the stop: " + restoredLine);
            assertEquals(60, second[0].count);
            assertEquals("at 60", second[0].label);
            node.advance(Duration.ofMillis(5));
            assertEquals(65, second[0].count, "its timer was armed again");
        }
        final Replayer.Result all = Replayer.replay(dir, new Replayer.Options());
        assertTrue(all.ok(), "both runs replay as one history: " + all);
        assertEquals(65, ((Counter) all.instances().get("counter")).count);
        assertEquals(60, first[0].count);
    }
}
