package dev.lepus.bench.net;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@code redis-benchmark} (Redis 7's, from Debian's redis-tools) against a RESP server on 127.0.0.1 and reads
 * its {@code --csv} output: per test, requests per second and the median and 99th-percentile latency.
 *
 * <p>Every run uses random keys from a space of {@value #KEYSPACE} ({@code -r}) and values of {@value #VALUE_BYTES}
 * bytes ({@code -d}), the same for both sides of a comparison. redis-benchmark runs its tests in its own order
 * ({@code SET} before {@code GET}, whatever the order of {@code -t}), so a {@code GET} after a {@code SET} in one run
 * finds most keys.
 *
 * <p>Thread contract: immutable; threadsafe. {@link #run} blocks the calling thread while the program runs.
 */
public final class RedisBenchmark {

    /** The program's name. */
    public static final String COMMAND = "redis-benchmark";
    /** Concurrent connections by default. */
    public static final int DEFAULT_CLIENTS = 50;
    /** Size of the random key space ({@code -r}). */
    public static final int KEYSPACE = 100_000;
    /** Size of a {@code SET}'s value ({@code -d}). */
    public static final int VALUE_BYTES = 3;

    private static final int PING_TIMEOUT_MS = 2_000;

    private final Path executable;
    private final long timeoutMs;

    /**
     * The results of one test of a run.
     *
     * @param test the test, in lower case, as given to {@code -t}: {@code get}, {@code set}
     * @param requestsPerSec requests per second
     * @param p50Ms median latency, ms
     * @param p99Ms 99th-percentile latency, ms
     */
    public record Result(String test, double requestsPerSec, double p50Ms, double p99Ms) {
    }

    /**
     * A runner.
     *
     * @param executable the {@code redis-benchmark} program
     * @param timeoutMs how long a run may take before it is killed
     */
    public RedisBenchmark(final Path executable, final long timeoutMs) {
        this.executable = executable;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Runs the benchmark once.
     *
     * @param port the server's port on 127.0.0.1
     * @param clients concurrent connections ({@code -c})
     * @param requests requests per test ({@code -n})
     * @param pipeline requests each connection sends before it reads the answers ({@code -P}; 1 for none)
     * @param tests the tests ({@code -t}), such as {@code get} and {@code set}
     * @return the result of each test, by test, in the order the program ran them
     * @throws ToolException if the server does not answer {@code PING}, or the program fails, overruns its time
     *     limit, or prints no result for one of the tests (with its output)
     */
    public Map<String, Result> run(final int port, final int clients, final long requests, final int pipeline,
            final Collection<String> tests) {
        final List<String> command = command(port, clients, requests, pipeline, tests);
        if (!RespPing.answers(port, PING_TIMEOUT_MS)) {
            // redis-benchmark would retry a refused connection forever.
            throw new ToolException("nothing answers PING on 127.0.0.1:" + port + "; not running "
                + String.join(" ", command));
        }
        final ToolProcess.Output output = ToolProcess.run(command, timeoutMs);
        if (output.exitCode() != 0) {
            throw new ToolException(String.join(" ", command) + " exited with status " + output.exitCode()
                + "; it printed:\n" + ToolProcess.quote(output.text()));
        }
        final Map<String, Result> results = parse(output.text());
        for (final String test : tests) {
            if (!results.containsKey(test)) {
                throw new ToolException(String.join(" ", command) + " printed no result for " + test + ":\n"
                    + ToolProcess.quote(output.text()));
            }
        }
        return results;
    }

    /**
     * The command line of a run.
     *
     * @param port as for {@link #run}
     * @param clients as for {@link #run}
     * @param requests as for {@link #run}
     * @param pipeline as for {@link #run}
     * @param tests as for {@link #run}
     * @return the program and its arguments
     */
    List<String> command(final int port, final int clients, final long requests, final int pipeline,
            final Collection<String> tests) {
        final List<String> command = new ArrayList<>(List.of(executable.toString(), "-h", "127.0.0.1",
            "-p", Integer.toString(port), "-c", Integer.toString(clients), "-n", Long.toString(requests),
            "-r", Integer.toString(KEYSPACE), "-d", Integer.toString(VALUE_BYTES), "-t", String.join(",", tests)));
        if (pipeline > 1) {
            command.addAll(List.of("-P", Integer.toString(pipeline)));
        }
        command.add("--csv");
        return command;
    }

    /**
     * Reads the {@code --csv} output of redis-benchmark 7: a header line
     * {@code "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms",...}
     * and a line per test. Columns are found by their names; lines before the header (warnings such as
     * {@code WARNING: Could not fetch server CONFIG}) are skipped.
     *
     * @param output what the program printed
     * @return each test's result, by its name in lower case, in the order printed
     * @throws ToolException if there is no header, a column is missing, a line cannot be read, or there is no result
     */
    static Map<String, Result> parse(final String output) {
        final Map<String, Result> results = new LinkedHashMap<>();
        List<String> header = null;
        for (final String raw : output.lines().toList()) {
            final String line = raw.strip();
            if (!line.startsWith("\"")) {
                continue;
            }
            final List<String> cells = cells(line);
            if (header == null) {
                if (cells.getFirst().equals("test")) {
                    header = cells;
                }
                continue;
            }
            if (cells.size() != header.size()) {
                throw unreadable("a line has " + cells.size() + " columns, the header " + header.size(), output);
            }
            try {
                final String test = cells.getFirst().toLowerCase(Locale.ROOT);
                results.put(test, new Result(test, number(cells, header, "rps", output),
                    number(cells, header, "p50_latency_ms", output), number(cells, header, "p99_latency_ms", output)));
            } catch (final NumberFormatException ex) {
                throw unreadable("a value is not a number (" + ex.getMessage() + ")", output);
            }
        }
        if (header == null) {
            throw unreadable("no CSV header", output);
        }
        if (results.isEmpty()) {
            throw unreadable("no results", output);
        }
        return results;
    }

    private static List<String> cells(final String line) {
        final String inner = line.endsWith("\"") && line.length() >= 2 ? line.substring(1, line.length() - 1)
            : line.substring(1);
        return Arrays.asList(inner.split("\",\"", -1));
    }

    private static double number(final List<String> cells, final List<String> header, final String column,
            final String output) {
        final int i = header.indexOf(column);
        if (i < 0) {
            throw unreadable("no column " + column + " in the header " + header, output);
        }
        return Double.parseDouble(cells.get(i));
    }

    private static ToolException unreadable(final String why, final String output) {
        return new ToolException("cannot read the output of " + COMMAND + " --csv: " + why + "; it printed:\n"
            + ToolProcess.quote(output));
    }
}
