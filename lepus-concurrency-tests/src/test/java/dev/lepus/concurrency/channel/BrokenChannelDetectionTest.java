package dev.lepus.concurrency.channel;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Shows that the jcstress tests can fail: runs jcstress over {@link BrokenChannelTests} (the scenarios of
 * {@link OneToOneChannelTests} against {@link BrokenOneToOneChannel} and against a sleep handshake without its fence)
 * and asserts that jcstress flags every one of them. If this test fails, the real tests have lost the power to see
 * the hole their broken twin opens, and their passing means nothing.
 *
 * <p>Thread contract: a JUnit test; it starts jcstress in a child JVM and waits for it, at most {@link #TIME_LIMIT_MIN}
 * minutes.
 *
 * <p>Tagged {@code slow} (50 s on two idle cores, 90 s on busy ones), so the default {@code mvn test} skips it. Run
 * it with {@code mvn -pl lepus-concurrency-tests -Pstress test} once the modules it needs are installed.
 * {@code -Dlepus.jcstress.iterations=N} (default 1) sets jcstress's iterations per fork. jcstress's console output is
 * kept in {@code target/jcstress-broken/console.log}.
 */
@Tag("slow")
class BrokenChannelDetectionTest {

    /** The system property that overrides jcstress's iterations per fork. */
    static final String ITERATIONS_PROP_NAME = "lepus.jcstress.iterations";
    /** Iterations per fork unless {@link #ITERATIONS_PROP_NAME} says otherwise. */
    static final int DEFAULT_ITERATIONS = 1;
    private static final long TIME_LIMIT_MIN = 5;
    private static final List<String> BROKEN_TESTS =
        List.of("Publication", "DeferredPublication", "SlotReuse", "SleepHandshakeWithoutFence");

    @Test
    void shouldFlagEveryBrokenVariant() throws IOException, InterruptedException {
        final Path dir = Files.createDirectories(Path.of("target", "jcstress-broken"));
        final Path log = dir.resolve("console.log");
        final String iterations = System.getProperty(ITERATIONS_PROP_NAME, Integer.toString(DEFAULT_ITERATIONS));
        final List<String> command = List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            "org.openjdk.jcstress.Main",
            "-t", BrokenChannelTests.class.getName(),
            "-m", "quick",
            "-iters", iterations,
            "-r", "results");
        final Process jcstress = new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        if (!jcstress.waitFor(TIME_LIMIT_MIN, TimeUnit.MINUTES)) {
            jcstress.destroyForcibly();
            fail("jcstress did not finish in " + TIME_LIMIT_MIN + " minutes; see " + log.toAbsolutePath());
        }

        final String output = Files.readString(log);
        assertNotEquals(0, jcstress.exitValue(), "jcstress passed the broken variants; see " + log.toAbsolutePath());
        for (final String test : BROKEN_TESTS) {
            final String verdict = "[FAILED] " + BrokenChannelTests.class.getName() + "." + test;
            assertTrue(output.contains(verdict), "jcstress did not flag " + test + "; see " + log.toAbsolutePath());
        }
    }
}
