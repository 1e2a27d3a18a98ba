package dev.lepus.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The suite's line format and command line, without running a benchmark. */
class BenchSuiteTest {

    @Test
    void line_forRate_ratioIsLepusOverPeer() {
        final String line = BenchSuite.line("x", new Measurement(30e6, "msg/s", true, ""),
            new Measurement(10e6, "msg/s", true, ""));
        assertEquals("x lepus=30000000 peer=10000000 unit=msg/s ratio=3.00", line);
    }

    @Test
    void line_forTime_ratioIsPeerOverLepus() {
        final String line = BenchSuite.line("rtt", new Measurement(400, "ns", false, ""),
            new Measurement(100, "ns", false, ""));
        assertEquals("rtt lepus=400 peer=100 unit=ns ratio=0.25", line);
    }

    @Test
    void line_withoutPeer_printsDashes() {
        final String line = BenchSuite.line("oneway", new Measurement(2.5, "ms", false, ""), null);
        assertEquals("oneway lepus=2.50 peer=- unit=ms ratio=-", line);
    }

    @Test
    void run_unknownName_returnsUsageAndNamesTheKnownOnes() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int status = BenchSuite.run(new String[] {"--quick", "no-such"}, new PrintStream(bytes, true,
            StandardCharsets.UTF_8));
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(BenchSuite.USAGE, status);
        assertTrue(out.contains("unknown comparison 'no-such'"), out);
        assertTrue(out.contains("same-kernel-pingpong"), out);
    }

    @Test
    void run_list_printsEveryRequiredComparison() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int status = BenchSuite.run(new String[] {"--list"}, new PrintStream(bytes, true,
            StandardCharsets.UTF_8));
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(BenchSuite.OK, status);
        for (final String name : new String[] {"same-kernel-pingpong", "same-kernel-oneway", "cross-kernel-rtt",
            "cross-kernel-throughput", "fanout", "spawn", "bytes-per-component"}) {
            assertTrue(out.contains(name + ": "), name);
        }
    }
}
