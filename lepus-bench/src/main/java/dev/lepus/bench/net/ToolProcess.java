package dev.lepus.bench.net;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the benchmark's programs ({@code redis-benchmark}, {@code wrk}) and finds them on a search path. A program
 * runs with its standard output and error merged into a temporary file, so that neither pipe can fill up and stall
 * it, and is killed when it overruns its time limit.
 *
 * <p>Thread contract: stateless; threadsafe. {@link #run} blocks the calling thread until the program ends or is
 * killed.
 */
final class ToolProcess {

    /** At most this much of a program's output goes into an exception's message: its end. */
    static final int MAX_QUOTED_CHARS = 4_000;

    /**
     * What a program printed and how it ended.
     *
     * @param exitCode its exit status
     * @param text its standard output and error, merged
     */
    record Output(int exitCode, String text) {
    }

    private ToolProcess() {
    }

    /**
     * Runs a program to its end.
     *
     * @param command the program and its arguments
     * @param timeoutMs how long it may run before it is killed
     * @return its exit status and output
     * @throws ToolException if it cannot be started, overruns the time limit (with what it printed until then), or
     *     the calling thread is interrupted (then the program is killed and the interrupt flag set again)
     */
    static Output run(final List<String> command, final long timeoutMs) {
        final Path file;
        try {
            file = Files.createTempFile("lepus-bench-net-", ".out");
        } catch (final IOException ex) {
            throw new ToolException("cannot create a file for the output of " + String.join(" ", command), ex);
        }
        try {
            final Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(file.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            } catch (final IOException ex) {
                throw new ToolException("cannot start " + String.join(" ", command) + ": " + ex.getMessage(), ex);
            }
            try {
                if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                    kill(process);
                    throw new ToolException(String.join(" ", command) + " did not finish within " + timeoutMs
                        + " ms and was killed; it printed:\n" + quote(read(file)));
                }
            } catch (final InterruptedException ex) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new ToolException("interrupted while running " + String.join(" ", command), ex);
            }
            return new Output(process.exitValue(), read(file));
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (final IOException ex) {
                // A leftover file in the temporary directory is harmless.
            }
        }
    }

    /**
     * The first line a program prints when asked for its version, such as {@code redis-server --version}.
     *
     * @param executable the program
     * @param flag the flag that asks for the version
     * @return that line, or {@code ?} if the program printed nothing or failed
     */
    static String version(final Path executable, final String flag) {
        try {
            final String text = run(List.of(executable.toString(), flag), 5_000).text().strip();
            return text.isEmpty() ? "?" : text.lines().findFirst().orElse("?");
        } catch (final ToolException ex) {
            return "?";
        }
    }

    /**
     * Finds an executable program on a search path, as a shell would.
     *
     * @param name the program's name
     * @param searchPath directories separated by {@link File#pathSeparator}, as in {@code PATH}
     * @return the first executable file of that name, or empty
     */
    static Optional<Path> find(final String name, final String searchPath) {
        for (final String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            final Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Quotes a program's output for an exception's message.
     *
     * @param text what it printed
     * @return its last {@value #MAX_QUOTED_CHARS} characters, or {@code (nothing)}
     */
    static String quote(final String text) {
        if (text.isBlank()) {
            return "(nothing)";
        }
        return text.length() <= MAX_QUOTED_CHARS ? text
            : "..." + text.substring(text.length() - MAX_QUOTED_CHARS);
    }

    private static void kill(final Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (final IOException ex) {
            return "(its output could not be read: " + ex.getMessage() + ")";
        }
    }
}
