package dev.lepus.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.lepus.bench.net.Servers;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.kernel.boot.SystemBoot;
import dev.lepus.kernel.description.DescriptionException;
import dev.lepus.kernel.description.DescriptionParser;

/**
 * The Lepus sides of {@code lepus bench net}: the shipped example descriptions ({@code examples/kv-1.toml},
 * {@code examples/kv.toml}, {@code examples/http.toml}) booted in this process, each with its port set to the one
 * asked for. Their components' log lines go to stderr, so that stdout holds only the benchmark's lines.
 *
 * <p>Thread contract: called by {@link dev.lepus.bench.net.NetBench} on one thread.
 */
final class ExampleServers implements Servers {

    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(20);

    private final Path examples;

    /**
     * The sides.
     *
     * @param examples the folder holding the example descriptions
     */
    ExampleServers(final Path examples) {
        this.examples = examples;
    }

    /**
     * The examples folder: {@code examples} beside the folder this program was built in (the repository's), or
     * under the current folder.
     *
     * @return the folder
     * @throws IllegalStateException if neither has the descriptions
     */
    static Path findExamples() {
        try {
            final Path jar = Path.of(ExampleServers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            final Path root = jar.getParent() == null ? null : jar.getParent().getParent();
            if (root != null && root.getParent() != null
                    && Files.isRegularFile(root.getParent().resolve("examples/kv.toml"))) {
                return root.getParent().resolve("examples");
            }
        } catch (final java.net.URISyntaxException | RuntimeException ignored) {
            // fall back to the current folder
        }
        final Path here = Path.of("examples");
        if (Files.isRegularFile(here.resolve("kv.toml"))) {
            return here;
        }
        throw new IllegalStateException("cannot find the example descriptions (examples/kv.toml): run from the"
            + " repository's root folder");
    }

    @Override
    public Handle startKv(final int port) throws Exception {
        return boot("kv-1.toml", 7379, port);
    }

    @Override
    public Handle startKvSharded(final int port) throws Exception {
        return boot("kv.toml", 7379, port);
    }

    @Override
    public Handle startHttp(final int port) throws Exception {
        return boot("http.toml", 8080, port);
    }

    private Handle boot(final String file, final int shippedPort, final int port) throws IOException,
            DescriptionException, InterruptedException {
        final int p = port != 0 ? port : freePort();
        final String text = Files.readString(examples.resolve(file));
        if (!text.contains("port = " + shippedPort)) {
            throw new IllegalStateException(file + " does not say 'port = " + shippedPort + "'");
        }
        final Path changed = Files.createTempFile("lepus-bench-", "-" + file);
        Files.writeString(changed, text.replace("port = " + shippedPort, "port = " + p));
        final Node node;
        try {
            node = SystemBoot.boot(new DescriptionParser(Thread.currentThread().getContextClassLoader(),
                NodeSettings.DEFAULT_KERNELS).parse(changed), new NodeSettings().console(new PrintStream(System.err, true, StandardCharsets.UTF_8)));
        } finally {
            Files.deleteIfExists(changed);
        }
        node.start();
        awaitListening(p, file);
        return new Handle() {
            private boolean closed;

            @Override
            public int port() {
                return p;
            }

            @Override
            public void close() {
                if (closed) {
                    return;
                }
                closed = true;
                node.shutdown(0, "bench done");
                try {
                    node.stop();
                } catch (final InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(final int port, final String file) throws InterruptedException {
        final long deadline = System.nanoTime() + LISTEN_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (final IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException(file + " does not listen on 127.0.0.1:" + port + " after "
            + LISTEN_TIMEOUT.toSeconds() + " s");
    }
}
