package dev.lepus.bench.net;

/**
 * Starts and stops the Lepus sides of {@link NetBench}: the kv example (RESP2) and the HTTP example. The caller of
 * {@link NetBench#run} implements it, so that the benchmark does not depend on how a Lepus node is put together.
 *
 * <p>Thread contract: {@link NetBench} calls it on the thread that called {@link NetBench#run}, one call at a time,
 * and closes every handle it got before {@code run} returns. A side stays up while its peer is measured (never both
 * under load at once), so an idle side must wait for input without spinning, or it takes a core from the peer.
 */
public interface Servers {

    /**
     * Starts the kv example on one kernel (one shard), listening on 127.0.0.1.
     *
     * @param port the port to listen on, or 0 for any free one
     * @return the running server
     * @throws Exception if it could not be started
     */
    Handle startKv(int port) throws Exception;

    /**
     * Starts the kv example sharded over two kernels, listening on 127.0.0.1.
     *
     * @param port the port to listen on, or 0 for any free one
     * @return the running server
     * @throws Exception if it could not be started
     */
    Handle startKvSharded(int port) throws Exception;

    /**
     * Starts the HTTP example, listening on 127.0.0.1 and answering {@code GET /hello} and {@code GET /json} as
     * {@link NettyHttpServer} does.
     *
     * @param port the port to listen on, or 0 for any free one
     * @return the running server
     * @throws Exception if it could not be started
     */
    Handle startHttp(int port) throws Exception;

    /**
     * A running server.
     *
     * <p>Thread contract: {@link #port()} may be called from any thread; {@link #close()} from one thread, once
     * (later calls do nothing).
     */
    interface Handle extends AutoCloseable {

        /**
         * The port it listens on, on 127.0.0.1.
         *
         * @return the port, never 0
         */
        int port();

        /** Stops the server and waits until it no longer listens. */
        @Override
        void close();
    }
}
