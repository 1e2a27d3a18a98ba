package dev.lepus.api.net;

/**
 * A listening socket of a component.
 *
 * <p>Thread contract: not threadsafe; only inside its component's handlers, on its kernel.
 */
public interface Listener {

    /**
     * The port it listens on (the one the host picked, if 0 was asked for).
     *
     * @return the port
     */
    int port();

    /**
     * Its options.
     *
     * @return the options
     */
    ListenOptions options();

    /**
     * Connections it has open now.
     *
     * @return the count
     */
    int connections();

    /**
     * Stops listening; connections already accepted stay open.
     */
    void close();
}
