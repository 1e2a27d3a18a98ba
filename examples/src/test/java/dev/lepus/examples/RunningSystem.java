package dev.lepus.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.kernel.boot.SystemBoot;
import dev.lepus.kernel.description.DescriptionException;
import dev.lepus.kernel.description.DescriptionParser;

/**
 * An example system running on its kernel threads for a test: the example's own description, with its port moved
 * to a free one, so that tests do not depend on the example's port being free.
 *
 * <p>Thread contract: not threadsafe; one test thread.
 */
public final class RunningSystem implements AutoCloseable {

    private final Node node;
    private final int port;
    private final ByteArrayOutputStream out;

    private RunningSystem(final Node node, final int port, final ByteArrayOutputStream out) {
        this.node = node;
        this.port = port;
        this.out = out;
    }

    /**
     * Boots and starts an example.
     *
     * @param file the description, relative to the examples folder, such as {@code kv.toml}
     * @param port the port the description names, replaced by a free one
     * @param servers how many of its components log that they listen
     * @param configure more replacements in the description's text, pairs of (text, replacement)
     * @param dir a folder for the changed description
     * @return the running system
     * @throws IOException if the description cannot be read or written
     * @throws DescriptionException if it is not valid
     */
    public static RunningSystem start(final String file, final int port, final int servers, final Path dir,
            final String... configure) throws IOException, DescriptionException {
        final int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        String text = Files.readString(Path.of(file)).replace("port = " + port, "port = " + free);
        for (int i = 0; i + 1 < configure.length; i += 2) {
            if (!text.contains(configure[i])) {
                throw new IllegalArgumentException(file + " has no '" + configure[i] + "' to replace");
            }
            text = text.replace(configure[i], configure[i + 1]);
        }
        final Path changed = Files.writeString(dir.resolve(file), text);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Node node = SystemBoot.boot(new DescriptionParser(RunningSystem.class.getClassLoader(), 2).parse(changed),
            new NodeSettings().console(new PrintStream(out, true, StandardCharsets.UTF_8)));
        final RunningSystem s = new RunningSystem(node, free, out);
        node.start();
        s.awaitListening(servers);
        return s;
    }

    /** Waits until every server said it listens. */
    private void awaitListening(final int servers) {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            if (console().split("listening on", -1).length - 1 >= servers) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("the system did not listen within 10 s: " + console());
    }

    /** @return the port it listens on */
    public int port() {
        return port;
    }

    /** @return the node */
    public Node node() {
        return node;
    }

    /** @return what its components logged so far */
    public String console() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Sends bytes on a socket and reads until the server closes the connection (or resets it: a server that closes
     * with unread input resets, after its answer).
     *
     * @param s the socket
     * @param request the bytes, as ISO-8859-1 text
     * @return what came back, as ISO-8859-1 text
     * @throws IOException if the socket fails otherwise
     */
    public static String exchange(final java.net.Socket s, final String request) throws IOException {
        s.setSoTimeout(10_000);
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = s.getInputStream().read(buf)) > 0) {
                got.write(buf, 0, n);
            }
        } catch (final java.net.SocketException reset) {
            // closed with unread input: a reset after the answer
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads one byte, a reset counting as the end of the stream.
     *
     * @param in the stream
     * @return the byte, or -1 at the end
     * @throws IOException if the stream fails otherwise
     */
    public static int readOrReset(final java.io.InputStream in) throws IOException {
        try {
            return in.read();
        } catch (final java.net.SocketException reset) {
            return -1;
        }
    }

    /** @return the sum over the kernels of writes refused because an output queue was full */
    public long writesRefused() {
        long n = 0;
        for (final dev.lepus.kernel.Kernel k : node.kernels()) {
            n += k.counters().netWritesRefused;
        }
        return n;
    }

    /** Stops the system (its components log their last lines); again is a no-op. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        node.shutdown(0, "test done");
        try {
            node.stop();
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean stopped;

    @Override
    public void close() {
        stop();
    }
}
