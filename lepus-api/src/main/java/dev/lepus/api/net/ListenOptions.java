package dev.lepus.api.net;

import java.time.Duration;
import java.util.Objects;

/**
 * Where to listen, and the limits of the connections a listener accepts.
 *
 * @param host the address to bind ({@code 127.0.0.1} for loopback only, {@code 0.0.0.0} for every interface)
 * @param port the port; 0 for one the host picks ({@link Listener#port()} says which)
 * @param backlog connections the host may queue before they are accepted
 * @param maxConnections open connections of this listener at most; one more is accepted and reset at once, never
 *     given to the component, and counted (the kernel's {@code netRefusedConnections})
 * @param inputLimit bytes a connection may hold unconsumed (read but not consumed by the component); a connection
 *     whose component lets more pile up is closed ({@link CloseReason#INPUT_LIMIT})
 * @param outputLimit bytes a connection may queue for writing; a write past it is refused
 *     ({@link WriteResult#FULL}) until the queue drains ({@link NetHandler#onWritable})
 * @param idleTimeout a connection that sends nothing for this long is closed ({@link CloseReason#IDLE_TIMEOUT});
 *     {@link Duration#ZERO} for never
 * @param reusePort whether to share the port with listeners on other kernels ({@code SO_REUSEPORT}), where the host
 *     allows it
 */
public record ListenOptions(String host, int port, int backlog, int maxConnections, int inputLimit, int outputLimit,
        Duration idleTimeout, boolean reusePort) {

    /** Default {@link #backlog}. */
    public static final int DEFAULT_BACKLOG = 1024;
    /** Default {@link #maxConnections}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Default {@link #inputLimit}: 1 MiB. */
    public static final int DEFAULT_INPUT_LIMIT = 1 << 20;
    /** Default {@link #outputLimit}: 4 MiB. */
    public static final int DEFAULT_OUTPUT_LIMIT = 4 << 20;

    /** Checks the values. */
    public ListenOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
        if (backlog < 1 || maxConnections < 1 || inputLimit < 1 || outputLimit < 1) {
            throw new IllegalArgumentException("backlog, maxConnections, inputLimit and outputLimit must be positive:"
                + " backlog=" + backlog + " maxConnections=" + maxConnections + " inputLimit=" + inputLimit
                + " outputLimit=" + outputLimit);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout " + idleTimeout + " is negative");
        }
    }

    /**
     * Loopback and the defaults, sharing the port with other kernels.
     *
     * @param port the port (0: any)
     * @return the options
     */
    public static ListenOptions port(final int port) {
        return new ListenOptions("127.0.0.1", port, DEFAULT_BACKLOG, DEFAULT_MAX_CONNECTIONS, DEFAULT_INPUT_LIMIT,
            DEFAULT_OUTPUT_LIMIT, Duration.ZERO, true);
    }

    /**
     * @param value the address to bind
     * @return a copy with it
     */
    public ListenOptions host(final String value) {
        return new ListenOptions(value, port, backlog, maxConnections, inputLimit, outputLimit, idleTimeout,
            reusePort);
    }

    /**
     * @param value the most open connections
     * @return a copy with it
     */
    public ListenOptions maxConnections(final int value) {
        return new ListenOptions(host, port, backlog, value, inputLimit, outputLimit, idleTimeout, reusePort);
    }

    /**
     * @param value the most unconsumed input bytes per connection
     * @return a copy with it
     */
    public ListenOptions inputLimit(final int value) {
        return new ListenOptions(host, port, backlog, maxConnections, value, outputLimit, idleTimeout, reusePort);
    }

    /**
     * @param value the most queued output bytes per connection
     * @return a copy with it
     */
    public ListenOptions outputLimit(final int value) {
        return new ListenOptions(host, port, backlog, maxConnections, inputLimit, value, idleTimeout, reusePort);
    }

    /**
     * @param value how long a connection may send nothing; zero for ever
     * @return a copy with it
     */
    public ListenOptions idleTimeout(final Duration value) {
        return new ListenOptions(host, port, backlog, maxConnections, inputLimit, outputLimit, value, reusePort);
    }

    /**
     * @param value whether to share the port with other kernels' listeners
     * @return a copy with it
     */
    public ListenOptions reusePort(final boolean value) {
        return new ListenOptions(host, port, backlog, maxConnections, inputLimit, outputLimit, idleTimeout, value);
    }
}
