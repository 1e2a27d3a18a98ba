package dev.lepus.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.api.RestartPolicy;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.kernel.journal.JournalSettings;

/**
 * Deterministic simulation: per-sender FIFO and exactly-once delivery hold under seeded interleavings, delays and
 * crashes; one seed is one run, journal byte for byte; a failing seed is named.
 */
class SimulationTest {

    static final int PER_SENDER = 150;

    /** The protocol. */
    sealed interface Msg {
        record Tick() implements Msg {
        }

        record Seq(String from, long n) implements Msg {
        }
    }

    /** Sends {@value #PER_SENDER} numbered messages, one per tick, to the collector and a copy to the flaky one. */
    @Manifest(name = "sender", groups = {ApiGroup.CORE, ApiGroup.TIMERS})
    static final class Sender implements Component<Msg> {
        long n;

        @Override
        public void onStart(final Context<Msg> ctx) {
            ctx.every(Duration.ofNanos(50_000 + Math.floorMod(ctx.random(), 50_000)), new Msg.Tick());
        }

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
            if (n < PER_SENDER) {
                n++;
                ctx.send(ctx.<Msg>granted("collector"), new Msg.Seq(ctx.name(), n));
                ctx.send(ctx.<Msg>granted("flaky"), new Msg.Seq(ctx.name(), n));
            }
        }
    }

    /** Checks that each sender's numbers arrive in order, each once; remembers the order of arrival. */
    static final class Collector implements Component<Msg> {
        final Map<String, Long> last = new HashMap<>();
        final List<String> violations = new ArrayList<>();
        final List<String> arrivals = new ArrayList<>();

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
            if (message instanceof Msg.Seq s) {
                final long expected = last.getOrDefault(s.from(), 0L) + 1;
                if (s.n() != expected) {
                    violations.add(s.from() + " sent " + s.n() + " where " + expected + " was due");
                }
                last.put(s.from(), s.n());
                arrivals.add(s.from() + ":" + s.n());
            }
        }
    }

    /** Counts what it gets; the simulation crashes it now and then, and it restarts from zero. */
    static final class Flaky implements Component<Msg> {
        long got;

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
            got++;
        }
    }

    /** The system under simulation, and the live instances to check. */
    private static final class Run {
        final Simulation sim;
        final Collector collector = new Collector();

        Run(final long seed, final Simulation.Faults faults, final Path journal) {
            final NodeSettings settings = new NodeSettings().kernels(3);
            if (journal != null) {
                settings.journal(JournalSettings.file(journal));
            }
            sim = new Simulation(seed, settings, faults);
            final TestNode node = sim.node();
            final Cap<Msg> c = node.spawn(Spawn.<Msg>of("collector", () -> collector).onKernel(2));
            final Cap<Msg> flaky = node.spawn(Spawn.<Msg>of("flaky", Flaky::new).onKernel(2)
                .restart(RestartPolicy.restart(1_000_000, Duration.ofSeconds(1))));
            sim.crashTarget(flaky);
            for (int k = 0; k < 2; k++) {
                final Cap<Msg> s = node.spawn(Spawn.<Msg>of("sender-" + k, Sender::new).onKernel(k));
                node.grant(s, "collector", c, Cap.SEND);
                node.grant(s, "flaky", flaky, Cap.SEND);
            }
            node.runUntilIdle();
        }
    }

    @Test
    void shouldKeepPerSenderOrderAndDeliverEverythingOnceUnderEverySeed() {
        Simulation.check(1, 12, seed -> {
            final Run run = new Run(seed, new Simulation.Faults().delay(0.3).crash(0.005), null);
            try (Simulation sim = run.sim) {
                sim.run(Duration.ofMillis(100));
                assertEquals(List.of(), run.collector.violations);
                assertEquals(Map.of("sender-0", (long) PER_SENDER, "sender-1", (long) PER_SENDER),
                    run.collector.last, "everything delivered");
                assertTrue(!sim.faultsInjected().isEmpty(), "some crashes were injected");
            }
        });
    }

    @Test
    void shouldKeepOrderWhenAKernelStops() {
        Simulation.check(100, 8, seed -> {
            final Run run = new Run(seed, new Simulation.Faults().delay(0.3).kernelStop(0.01), null);
            try (Simulation sim = run.sim) {
                sim.run(Duration.ofMillis(100));
                assertEquals(List.of(), run.collector.violations, "a prefix of each sender's stream, in order");
            }
        });
    }

    @Test
    void shouldRunTheSameSeedTheSameWayByteForByte(@TempDir final Path dir) throws IOException {
        final List<String> arrivals = new ArrayList<>();
        final List<List<String>> faults = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            final Run run = new Run(42, new Simulation.Faults().delay(0.3).crash(0.005), dir.resolve("run-" + i));
            try (Simulation sim = run.sim) {
                sim.run(Duration.ofMillis(100));
                faults.add(sim.faultsInjected());
            }
            arrivals.add(String.join(",", run.collector.arrivals));
        }
        assertEquals(arrivals.get(0), arrivals.get(1));
        assertEquals(faults.get(0), faults.get(1));
        for (int k = 0; k < 3; k++) {
            final Path a = onlySegment(dir.resolve("run-0/kernel-" + k));
            final Path b = onlySegment(dir.resolve("run-1/kernel-" + k));
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "kernel " + k + "'s journal");
        }
        final Run other = new Run(43, new Simulation.Faults().delay(0.3).crash(0.005), null);
        try (Simulation sim = other.sim) {
            sim.run(Duration.ofMillis(100));
        }
        assertNotEquals(arrivals.get(0), String.join(",", other.collector.arrivals), "another seed interleaves "
            + "differently");
    }

    @Test
    void shouldNameTheFailingSeed() {
        final AssertionError e = assertThrows(AssertionError.class, () -> Simulation.check(7, 3, seed -> {
            if (seed != 7) {
                throw new AssertionError("invariant broken");
            }
        }));
        assertTrue(e.getMessage().contains("-D" + Simulation.SEED_PROPERTY + "="), e.getMessage());
        assertTrue(e.getMessage().contains("invariant broken"), e.getMessage());
    }

    private static Path onlySegment(final Path kernelDir) throws IOException {
        try (var files = Files.list(kernelDir)) {
            final List<Path> segments = files.filter(f -> f.toString().endsWith(".seg")).toList();
            assertEquals(1, segments.size(), kernelDir.toString());
            return segments.get(0);
        }
    }
}
