package dev.lepus.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.lepus.kernel.ExitStatus;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.kernel.ShutdownReport;
import dev.lepus.kernel.boot.SystemBoot;
import dev.lepus.kernel.clock.ManualClock;
import dev.lepus.kernel.description.DescriptionException;
import dev.lepus.kernel.description.DescriptionParser;
import dev.lepus.kernel.description.SystemDescription;
import dev.lepus.testkit.TestNode;

/** Every example description boots, does what it says, and exits 0. */
class ExamplesTest {

    private static SystemDescription describe(final String file) throws DescriptionException {
        return new DescriptionParser(ExamplesTest.class.getClassLoader(), 2).parse(Path.of(file));
    }

    @Test
    void helloShouldGreetTickThreeTimesAndExitZeroUnderVirtualTime() throws DescriptionException {
        final ManualClock clock = new ManualClock(0);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Node node = SystemBoot.boot(describe("hello.toml"), new NodeSettings().manual(true).clock(clock)
            .console(new PrintStream(out, true, StandardCharsets.UTF_8)));
        try (TestNode test = new TestNode(node, clock)) {
            test.runUntilIdle();
            test.advance(Duration.ofMillis(250));
            assertEquals(null, test.exitStatus(), "two ticks by 250 ms, not three");
            test.advance(Duration.ofMillis(100));
            assertNotNull(test.exitStatus());
            assertEquals(0, test.exitStatus().code());
        }
        final String console = out.toString(StandardCharsets.UTF_8);
        assertTrue(console.startsWith("[hello] Hello from Lepus!\n[hello] tick 1\n[hello] tick 2\n[hello] tick 3\n"),
            console);
    }

    private static String runOnThreads(final String file) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Node node = SystemBoot.boot(describe(file), new NodeSettings()
            .console(new PrintStream(out, true, StandardCharsets.UTF_8)));
        node.start();
        final ExitStatus status = node.awaitExit(Duration.ofSeconds(60));
        final ShutdownReport report = node.stop();
        assertNotNull(status, file + " did not finish within 60 s");
        assertEquals(0, status.code(), out.toString(StandardCharsets.UTF_8));
        assertEquals(0, report.undeliveredInChannels() + report.undeliveredInMailboxes() + report.deadLetters());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(120)
    void pingpongShouldPrintPercentilesAndThroughputAndExitZero() throws Exception {
        final String console = runOnThreads("pingpong.toml");
        assertTrue(console.matches("(?s).*\\[ping] 900000 round trips \\(100000 warm-up\\) in [0-9.]+ s: \\d+ round "
            + "trips/s\n\\[ping] round trip ns: p50=\\d+ p90=\\d+ p99=\\d+ p99\\.9=\\d+ max=\\d+\n.*"), console);
    }

    @Test
    @Timeout(120)
    void fanoutShouldDeliverEveryMessageAndPrintTheRate() throws Exception {
        final String console = runOnThreads("fanout.toml");
        assertTrue(console.matches("(?s).*\\[fanout] 10000000 messages to 1000 workers in [0-9.]+ s: \\d+ messages/s"
            + "\n.*"), console);
    }

    @Test
    @Timeout(60)
    void badgesShouldKeepOneBalancePerBadge() throws Exception {
        final String console = runOnThreads("badges.toml");
        assertTrue(console.contains("[ledger] client with badge 1: 50\n[ledger] client with badge 2: 300\n"), console);
    }
}
