package dev.lepus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lepus.kernel.Replayer;

/**
 * Durable restart under kill -9: {@code lepus run --durable DIR examples/durable.toml} in a child JVM, killed at a
 * random moment while its tickers tick (one every millisecond on one kernel, every two on the other, each tick a
 * journaled timer firing, a log line and a cross-kernel message to the ledger), then started again with the same
 * arguments, {@value #DEFAULT_ROUNDS} times on one journal (more with {@code -Dlepus.crash.rounds=N}).
 *
 * <p>Checked each round, for each ticker: the count it printed last before the kill (acknowledged: a line is printed
 * only after its batch is on disk) is at most the count an offline replay of the journal rebuilds, and the first count
 * it prints after the restart is exactly that rebuilt count plus one: it resumed with the state of its last committed
 * input, nothing acknowledged was lost, and nothing was invented.
 */
class CrashRestartTest {

    static final int DEFAULT_ROUNDS = 20;
    private static final Pattern COUNT = Pattern.compile("^\\[(ticker-[ab])] count (\\d+)$");

    @Test
    void shouldResumeEveryComponentAfterKill9WithNothingAcknowledgedLost(@TempDir final Path dir) throws Exception {
        final int rounds = Integer.getInteger("lepus.crash.rounds", DEFAULT_ROUNDS);
        final long seed = Long.getLong("lepus.crash.seed", System.nanoTime());
        final Random random = new Random(seed);
        final Map<String, Long> expectedNext = new HashMap<>();
        for (int round = 0; round < rounds; round++) {
            final String where = "round " + round + " (seed " + seed + ")";
            final Child child = Child.start(dir);
            try {
                assertTrue(child.firstCounts.await(30, TimeUnit.SECONDS), where + ": no count printed; output:\n"
                    + child.output());
                for (final Map.Entry<String, Long> e : expectedNext.entrySet()) {
                    assertEquals(e.getValue(), child.first.get(e.getKey()), where + ": " + e.getKey()
                        + " must resume at its rebuilt count plus one; output:\n" + child.output());
                }
                Thread.sleep(50 + random.nextInt(400));
            } finally {
                child.kill();
            }
            final Replayer.Result rebuilt = Replayer.replay(dir, new Replayer.Options());
            assertTrue(rebuilt.ok(), where + ": the journal does not replay: " + rebuilt.divergences() + " "
                + rebuilt.problems());
            for (final String ticker : List.of("ticker-a", "ticker-b")) {
                final long count = countOf(rebuilt.instances().get(ticker));
                final Long acked = child.last.get(ticker);
                assertTrue(acked == null || acked <= count, where + ": " + ticker + " printed count " + acked
                    + " but the journal rebuilds only " + count);
                expectedNext.put(ticker, count + 1);
            }
        }
    }

    private static long countOf(final Object ticker) throws ReflectiveOperationException {
        final var field = ticker.getClass().getDeclaredField("count");
        field.setAccessible(true);
        return field.getLong(ticker);
    }

    /** A {@code lepus run --durable} child JVM and what it printed. */
    private static final class Child {
        final Process process;
        final Map<String, Long> first = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Long> last = new java.util.concurrent.ConcurrentHashMap<>();
        final CountDownLatch firstCounts = new CountDownLatch(2);
        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        final Thread reader;

        private Child(final Process process) {
            this.process = process;
            this.reader = Thread.ofPlatform().daemon().start(this::read);
        }

        static Child start(final Path dir) throws IOException {
            final List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--durable",
                dir.toString(), "../examples/durable.toml");
            return new Child(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                    final Matcher m = COUNT.matcher(line);
                    if (m.matches()) {
                        final long n = Long.parseLong(m.group(2));
                        if (first.putIfAbsent(m.group(1), n) == null) {
                            firstCounts.countDown();
                        }
                        last.put(m.group(1), n);
                    }
                }
            } catch (final IOException ignored) {
                // the process was killed
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
            process.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
        }

        String output() {
            synchronized (lines) {
                final int from = Math.max(0, lines.size() - 40);
                return String.join("\n", lines.subList(from, lines.size()));
            }
        }
    }
}
