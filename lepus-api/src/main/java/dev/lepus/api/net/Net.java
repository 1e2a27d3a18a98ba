package dev.lepus.api.net;

import java.time.Duration;

/**
 * The net API group as a component sees it ({@link dev.lepus.api.Context#net()}): listening and connecting. Sockets
 * belong to the kernel of the component that opened them; the kernel multiplexes them in its duty cycle and delivers
 * what happens on them as events of that component ({@link NetHandler}).
 *
 * <p>Thread contract: not threadsafe; only inside the component's own handlers, on its kernel.
 */
public interface Net {

    /**
     * Listens on a TCP port. On hosts that allow it (Linux, BSD, macOS: {@code SO_REUSEPORT}) components on several
     * kernels may listen on the same port, and the host spreads the new connections over their listeners, so that
     * each kernel accepts its own. Connections accepted arrive as {@link NetHandler#onAccepted}.
     *
     * @param options where to listen and the limits of its connections
     * @return the listener
     * @throws NetException if the address cannot be bound (in use, no permission, bad host), with the reason
     * @throws IllegalStateException if the component does not implement {@link NetHandler}
     */
    Listener listen(ListenOptions options);

    /**
     * Connects to a TCP server. The connection is returned at once, not yet connected; {@link NetHandler#onConnected}
     * or {@link NetHandler#onClosed} (with {@link CloseReason#CONNECT_FAILED} or {@link CloseReason#CONNECT_TIMEOUT})
     * follows. Writes before it connects are queued.
     *
     * @param host the host name or address
     * @param port the port
     * @param timeout how long connecting may take
     * @return the connection
     * @throws IllegalStateException if the component does not implement {@link NetHandler}
     */
    Connection connect(String host, int port, Duration timeout);

    /**
     * Whether several kernels may listen on the same port on this host ({@code SO_REUSEPORT}). Where they may not,
     * listen on one kernel and hand connections over with {@link #handOver}.
     *
     * @return true if the host allows it
     */
    boolean reusePortSupported();

    /**
     * Gives one of this component's connections to another component, on any kernel of this node: the connection
     * leaves this component (no more events for it here; its bytes not yet consumed go with it), and the target
     * receives it as {@link NetHandler#onAccepted}, with its listener's limits. For nodes whose host cannot share a
     * port between kernels: accept on one, hand over to the others.
     *
     * @param connection a connection of this component
     * @param target a component that implements {@link NetHandler}; needs the send right
     * @return true if it was handed over; false if it was closed already or the cap cannot be used (the connection is
     *     then closed, with {@link CloseReason#HANDOVER_FAILED})
     */
    boolean handOver(Connection connection, dev.lepus.api.Cap<?> target);
}
