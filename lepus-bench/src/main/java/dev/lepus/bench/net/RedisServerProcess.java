package dev.lepus.bench.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The peer of Lepus's kv example in {@link NetBench}: {@code redis-server} as a child process, listening on
 * 127.0.0.1 only, with persistence off ({@code --save '' --appendonly no}), so that neither side writes to disk. Its
 * log goes to a temporary file, quoted if it fails to start.
 *
 * <p>Life-cycle: {@code RUNNING -> CLOSED} by {@link #close()}, from the caller or from a shutdown hook if the JVM
 * exits first (the first to set {@code closed} stops the process). Thread contract: {@link #start} and
 * {@link #port()} from any thread; {@link #close()} from any thread, any number of times.
 */
public final class RedisServerProcess implements Servers.Handle {

    /** The program's name. */
    public static final String COMMAND = "redis-server";
    /** How long a started server may take to answer {@code PING}. */
    public static final long DEFAULT_START_TIMEOUT_MS = 10_000;

    private static final int PING_TIMEOUT_MS = 500;
    private static final long POLL_INTERVAL_MS = 20;
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;
    /** Set once, by whichever of {@link #close()} and the shutdown hook comes first. */
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisServerProcess(final Process process, final int port, final Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(this::stop, "redis-server-" + port + "-stopper");
    }

    /**
     * Starts {@code redis-server} and waits until it answers {@code PING}.
     *
     * @param executable the {@code redis-server} program
     * @param port its port, or 0 for a free one (picked here, for {@code redis-server --port 0} would not listen)
     * @param timeoutMs how long it may take to answer
     * @return the running server
     * @throws IllegalArgumentException if the port is not from 0 to 65535
     * @throws ToolException if the port is in use, or the server cannot be started, exits, or does not answer in time
     *     (with its log)
     */
    public static RedisServerProcess start(final Path executable, final int port, final long timeoutMs) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, not " + port);
        }
        final int listen = port != 0 ? port : freePort();
        // Another server on the port would answer the PING below while this one fails to listen.
        if (inUse(listen)) {
            throw new ToolException("cannot start " + COMMAND + ": 127.0.0.1:" + listen + " is in use");
        }
        final Path log;
        final Process process;
        final List<String> command = List.of(executable.toString(), "--port", Integer.toString(listen),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no");
        try {
            log = Files.createTempFile("lepus-bench-redis-", ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(log.getParent().toFile()).start();
        } catch (final IOException ex) {
            throw new ToolException("cannot start " + String.join(" ", command) + ": " + ex.getMessage(), ex);
        }
        final RedisServerProcess server = new RedisServerProcess(process, listen, log);
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        try {
            server.awaitReady(timeoutMs, command);
        } catch (final RuntimeException ex) {
            server.close();
            throw ex;
        }
        return server;
    }

    @Override
    public int port() {
        return port;
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and deletes its log. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (final IllegalStateException ex) {
            // The JVM is shutting down: the hook runs (or ran) stop().
        }
        stop();
    }

    private void awaitReady(final long timeoutMs, final List<String> command) {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!RespPing.answers(port, PING_TIMEOUT_MS)) {
            if (!process.isAlive()) {
                throw new ToolException(String.join(" ", command) + " exited with status " + process.exitValue()
                    + "; its log:\n" + ToolProcess.quote(readLog()));
            }
            if (deadlineNs - System.nanoTime() < 0) {
                throw new ToolException(String.join(" ", command) + " did not answer PING within " + timeoutMs
                    + " ms; its log:\n" + ToolProcess.quote(readLog()));
            }
            try {
                // Waiting for another process to start listening: there is nothing to be woken by.
                Thread.sleep(POLL_INTERVAL_MS);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new ToolException("interrupted while waiting for " + COMMAND + " on port " + port, ex);
            }
        }
    }

    private void stop() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (final InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (final IOException ex) {
            // A leftover log in the temporary directory is harmless.
        }
    }

    private String readLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (final IOException ex) {
            return "(the log could not be read: " + ex.getMessage() + ")";
        }
    }

    private static boolean inUse(final int port) {
        try {
            new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
            return false;
        } catch (final IOException ex) {
            return true;
        }
    }

    /** A port that was free a moment ago; another process may take it before redis-server does (then it fails). */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException ex) {
            throw new ToolException("no free port for " + COMMAND + ": " + ex.getMessage(), ex);
        }
    }
}
