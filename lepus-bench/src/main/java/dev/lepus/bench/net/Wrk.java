package dev.lepus.bench.net;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code wrk} (Debian's wrk 4) against an HTTP server and reads its {@code --latency} output: requests per
 * second, the 50% and 99% lines of the latency distribution, and the errors it counted, which a caller must report:
 * a run with errors measured something else than a server answering every request.
 *
 * <p>Thread contract: immutable; threadsafe. {@link #run} blocks the calling thread while the program runs.
 */
public final class Wrk {

    /** The program's name. */
    public static final String COMMAND = "wrk";
    /** How long a run may take beyond its duration before it is killed. */
    public static final long TIMEOUT_BEYOND_DURATION_MS = 30_000;

    private static final Pattern REQUESTS_PER_SEC = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)\\s*$");
    private static final Pattern REQUESTS = Pattern.compile("(?m)^\\s*([0-9]+) requests in ");
    private static final Pattern PERCENTILE =
        Pattern.compile("(?m)^\\s*(50|99)%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
        "(?m)^\\s*Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)\\s*$");
    private static final Pattern ERROR_STATUSES = Pattern.compile("(?m)^\\s*Non-2xx or 3xx responses: ([0-9]+)\\s*$");

    private final Path executable;

    /**
     * The results of a run.
     *
     * @param requestsPerSec requests per second, as wrk counts them (answers with an error status included)
     * @param p50Ms median latency, ms
     * @param p99Ms 99th-percentile latency, ms
     * @param requests requests completed
     * @param connectErrors connections that could not be opened
     * @param readErrors reads that failed (such as a connection reset)
     * @param writeErrors writes that failed
     * @param timeouts requests that timed out
     * @param errorStatuses answers with a status of 400 or more (wrk's "Non-2xx or 3xx responses")
     */
    public record Result(double requestsPerSec, double p50Ms, double p99Ms, long requests, long connectErrors,
            long readErrors, long writeErrors, long timeouts, long errorStatuses) {

        /**
         * All errors together.
         *
         * @return socket errors of every kind, and answers with an error status
         */
        public long errors() {
            return connectErrors + readErrors + writeErrors + timeouts + errorStatuses;
        }

        /**
         * The errors in words.
         *
         * @return as wrk says them, such as
         *     {@code socket errors: connect 0, read 3, write 0, timeout 0; 0 responses with status >= 400}
         */
        public String errorText() {
            return "socket errors: connect " + connectErrors + ", read " + readErrors + ", write " + writeErrors
                + ", timeout " + timeouts + "; " + errorStatuses + " responses with status >= 400";
        }
    }

    /**
     * A runner.
     *
     * @param executable the {@code wrk} program
     */
    public Wrk(final Path executable) {
        this.executable = executable;
    }

    /**
     * Runs wrk once.
     *
     * @param url what to request, such as {@code http://127.0.0.1:8081/hello}
     * @param threads client threads ({@code -t})
     * @param connections connections kept open ({@code -c}), at least {@code threads}
     * @param durationS how long to run, in whole seconds ({@code -d})
     * @return what it measured; look at {@link Result#errors()}
     * @throws ToolException if it fails (such as a refused connection), overruns its duration by
     *     {@value #TIMEOUT_BEYOND_DURATION_MS} ms, completes no request, or prints something unreadable (with its
     *     output)
     */
    public Result run(final URI url, final int threads, final int connections, final int durationS) {
        final List<String> command = command(url, threads, connections, durationS);
        final ToolProcess.Output output = ToolProcess.run(command, durationS * 1_000L + TIMEOUT_BEYOND_DURATION_MS);
        if (output.exitCode() != 0) {
            throw new ToolException(String.join(" ", command) + " exited with status " + output.exitCode()
                + "; it printed:\n" + ToolProcess.quote(output.text()));
        }
        final Result result = parse(output.text());
        if (result.requests() == 0) {
            throw new ToolException(String.join(" ", command) + " completed no request; it printed:\n"
                + ToolProcess.quote(output.text()));
        }
        return result;
    }

    /**
     * The command line of a run.
     *
     * @param url as for {@link #run}
     * @param threads as for {@link #run}
     * @param connections as for {@link #run}
     * @param durationS as for {@link #run}
     * @return the program and its arguments
     */
    List<String> command(final URI url, final int threads, final int connections, final int durationS) {
        return List.of(executable.toString(), "-t" + threads, "-c" + connections, "-d" + durationS + "s",
            "--latency", url.toString());
    }

    /**
     * Reads the output of {@code wrk --latency}: the {@code Requests/sec:} line, the {@code N requests in} line, the
     * {@code 50%} and {@code 99%} lines of the latency distribution (in {@code us}, {@code ms}, {@code s}, {@code m}
     * or {@code h}), and the {@code Socket errors:} and {@code Non-2xx or 3xx responses:} lines, which wrk prints
     * only when there were such errors.
     *
     * @param output what wrk printed
     * @return what it measured
     * @throws ToolException if a line that is always printed is missing
     */
    static Result parse(final String output) {
        final double requestsPerSec = Double.parseDouble(find(REQUESTS_PER_SEC, output, "Requests/sec").group(1));
        final long requests = Long.parseLong(find(REQUESTS, output, "requests in").group(1));
        double p50Ms = Double.NaN;
        double p99Ms = Double.NaN;
        final Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            final double ms = millis(Double.parseDouble(percentile.group(2)), percentile.group(3));
            if (percentile.group(1).equals("50")) {
                p50Ms = ms;
            } else {
                p99Ms = ms;
            }
        }
        if (Double.isNaN(p50Ms) || Double.isNaN(p99Ms)) {
            throw unreadable("no 50% and 99% lines (was it run with --latency?)", output);
        }
        // connect, read, write, timeout
        final long[] socket = new long[4];
        final Matcher socketErrors = SOCKET_ERRORS.matcher(output);
        if (socketErrors.find()) {
            for (int i = 0; i < socket.length; i++) {
                socket[i] = Long.parseLong(socketErrors.group(i + 1));
            }
        }
        final Matcher statuses = ERROR_STATUSES.matcher(output);
        final long errorStatuses = statuses.find() ? Long.parseLong(statuses.group(1)) : 0;
        return new Result(requestsPerSec, p50Ms, p99Ms, requests, socket[0], socket[1], socket[2], socket[3],
            errorStatuses);
    }

    private static double millis(final double value, final String unit) {
        return switch (unit) {
            case "us" -> value / 1_000;
            case "ms" -> value;
            case "s" -> value * 1_000;
            case "m" -> value * 60_000;
            case "h" -> value * 3_600_000;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }

    private static Matcher find(final Pattern pattern, final String output, final String what) {
        final Matcher m = pattern.matcher(output);
        if (!m.find()) {
            throw unreadable("no " + what + " line", output);
        }
        return m;
    }

    private static ToolException unreadable(final String why, final String output) {
        return new ToolException("cannot read the output of " + COMMAND + " --latency: " + why + "; it printed:\n"
            + ToolProcess.quote(output));
    }
}
