package dev.lepus.kernel.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.lepus.api.Spawn;
import dev.lepus.api.net.CloseReason;
import dev.lepus.api.net.ListenOptions;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;

/** The net API group end to end: an echo server on real kernels, real loopback sockets. */
@Timeout(60)
class NetEchoTest {

    private Node node;

    private int start(final int kernels, final String idle, final ListenOptions options) throws Exception {
        return start(new NodeSettings().kernels(kernels).idleAll(idle), kernels, options);
    }

    private int start(final NodeSettings settings, final int kernels, final ListenOptions options) throws Exception {
        Echo.PORTS.clear();
        Echo.CLOSES.clear();
        node = new Node(settings);
        node.spawn(Spawn.of("echo", () -> new Echo(options)).onKernel(kernels - 1));
        node.start();
        final Integer port = Echo.PORTS.poll(10, TimeUnit.SECONDS);
        assertTrue(port != null, "the echo server listens");
        return port;
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.shutdown(0, "test done");
            node.stop();
        }
    }

    private static byte[] roundTrip(final Socket s, final byte[] data) throws Exception {
        final OutputStream out = s.getOutputStream();
        out.write(data);
        out.flush();
        final byte[] back = new byte[data.length];
        new DataInputStream(s.getInputStream()).readFully(back);
        return back;
    }

    @Test
    void shouldEchoWhatAClientWrites() throws Exception {
        final int port = start(1, "backoff", ListenOptions.port(0));
        try (Socket s = new Socket("127.0.0.1", port)) {
            assertEquals("hello", new String(roundTrip(s, "hello".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII));
            assertEquals("again", new String(roundTrip(s, "again".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII));
        }
        assertEquals(CloseReason.CLOSED_BY_PEER, Echo.CLOSES.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldEchoLargePayloadsThroughPartialReadsAndWrites() throws Exception {
        final int port = start(2, "park", ListenOptions.port(0));
        final byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        try (Socket s = new Socket("127.0.0.1", port)) {
            assertArrayEquals(data, roundTripConcurrently(s, data));
        }
    }

    @Test
    void shouldServeManyClientsAtOnce() throws Exception {
        final int port = start(2, "backoff", ListenOptions.port(0));
        final ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            final List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                final int id = i;
                results.add(pool.submit(() -> {
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        for (int k = 0; k < 20; k++) {
                            final byte[] msg = ("client " + id + " message " + k).getBytes(StandardCharsets.UTF_8);
                            if (!java.util.Arrays.equals(msg, roundTrip(s, msg))) {
                                return false;
                            }
                        }
                        return true;
                    }
                }));
            }
            for (final Future<Boolean> f : results) {
                assertTrue(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldBoundWhatItHoldsForAClientThatNeverReads() throws Exception {
        final int port = start(1, "backoff", ListenOptions.port(0).outputLimit(64 * 1024));
        try (Socket stuck = new Socket("127.0.0.1", port); Socket other = new Socket("127.0.0.1", port)) {
            final OutputStream out = stuck.getOutputStream();
            final byte[] block = new byte[64 * 1024];
            final Thread w = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; i < 256; i++) { // 16 MiB, far more than the socket buffers and the output limit
                        out.write(block);
                    }
                } catch (final Exception closed) {
                    // the test ends
                }
            });
            // The echo's writes to the stuck client are refused at the output limit, and it stops reading from it.
            final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (node.kernels()[0].counters().netWritesRefused == 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            assertTrue(node.kernels()[0].counters().netWritesRefused > 0, "a write was refused at the limit");
            assertTrue(w.isAlive(), "the client's writes block: the server stopped reading from it");
            // Meanwhile another client is served.
            assertEquals("still here", new String(roundTrip(other, "still here".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
            // Once the stuck client reads, everything it sent comes back.
            final InputStream in = stuck.getInputStream();
            final byte[] buf = new byte[1 << 16];
            long back = 0;
            while (back < 256L * block.length) {
                final int n = in.read(buf);
                assertTrue(n > 0, "echo ended early after " + back + " bytes");
                back += n;
            }
            w.join(10_000);
            assertEquals(256L * block.length, back);
        }
    }

    @Test
    void shouldCloseAConnectionThatStaysIdle() throws Exception {
        final int port = start(1, "backoff", ListenOptions.port(0).idleTimeout(Duration.ofMillis(200)));
        try (Socket s = new Socket("127.0.0.1", port)) {
            assertEquals(CloseReason.IDLE_TIMEOUT, Echo.CLOSES.poll(10, TimeUnit.SECONDS));
            final InputStream in = s.getInputStream();
            assertEquals(-1, in.read(), "the server closed it");
        }
    }

    @Test
    void shouldReplayAJournaledServerWithTheSameOutputs(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
            throws Exception {
        final ListenOptions options = ListenOptions.port(0).outputLimit(16 * 1024);
        final int port = start(new NodeSettings().kernels(1)
            .journal(dev.lepus.kernel.journal.JournalSettings.file(dir)), 1, options);
        try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
            for (int i = 0; i < 50; i++) {
                final byte[] msg = ("round " + i).getBytes(StandardCharsets.UTF_8);
                assertArrayEquals(msg, roundTrip(i % 2 == 0 ? a : b, msg));
            }
            final byte[] big = new byte[1 << 20]; // past the output limit: refused writes, pauses, onWritable
            new Random(3).nextBytes(big);
            assertArrayEquals(big, roundTripConcurrently(a, big));
        }
        assertEquals(CloseReason.CLOSED_BY_PEER, Echo.CLOSES.poll(10, TimeUnit.SECONDS));
        assertEquals(CloseReason.CLOSED_BY_PEER, Echo.CLOSES.poll(10, TimeUnit.SECONDS));
        node.shutdown(0, "test done");
        node.stop();
        node = null;
        final dev.lepus.kernel.Replayer.Result result = dev.lepus.kernel.Replayer.replay(dir,
            new dev.lepus.kernel.Replayer.Options().factory(name -> new Echo(options)));
        assertTrue(result.ok(), () -> result.divergences() + " " + result.problems());
        assertTrue(result.events() > 60, "accepts, reads, writables, closes: " + result.events());
    }

    private static byte[] roundTripConcurrently(final Socket s, final byte[] data) throws Exception {
        final Thread writer = Thread.ofPlatform().start(() -> {
            try {
                s.getOutputStream().write(data);
            } catch (final Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        final byte[] back = new byte[data.length];
        new DataInputStream(s.getInputStream()).readFully(back);
        writer.join();
        return back;
    }

    @Test
    void shouldConnectOutAndHandAcceptedConnectionsToAComponentOnAnotherKernel() throws Exception {
        Echo.PORTS.clear();
        Relay.PORTS.clear();
        Relay.RECEIVED.clear();
        node = new Node(new NodeSettings().kernels(2).idleAll("park"));
        final dev.lepus.api.Cap<Object> echo = node.spawn(Spawn.of("echo", () -> new Echo(ListenOptions.port(0)))
            .onKernel(1));
        final dev.lepus.api.Cap<Object> relay = node.spawn(Spawn.of("relay", Relay::new).onKernel(0));
        node.grant(relay, "worker", echo, dev.lepus.api.Cap.SEND);
        node.start();
        final int echoPort = Echo.PORTS.poll(10, TimeUnit.SECONDS);
        final int relayPort = Relay.PORTS.poll(10, TimeUnit.SECONDS);
        // A connection to the relay's port is served by the echo, on the other kernel.
        try (Socket s = new Socket("127.0.0.1", relayPort)) {
            final byte[] msg = "handed over".getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(msg, roundTrip(s, msg));
        }
        // The relay connects out to the echo and reads its answer.
        node.tell(relay, "connect " + echoPort + " out and back");
        assertEquals("connected", Relay.RECEIVED.poll(10, TimeUnit.SECONDS));
        assertEquals("out and back", Relay.RECEIVED.poll(10, TimeUnit.SECONDS));
        assertEquals("closed CLOSED_BY_SELF", Relay.RECEIVED.poll(10, TimeUnit.SECONDS));
        // A connect to a port nobody listens on fails with a reason.
        final int closedPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            closedPort = free.getLocalPort();
        }
        node.tell(relay, "connect " + closedPort + " nobody");
        assertEquals("closed CONNECT_FAILED", Relay.RECEIVED.poll(10, TimeUnit.SECONDS));
    }

    /** Tries to listen on a port and publishes why it could not. */
    @dev.lepus.api.Manifest(name = "taken", groups = {dev.lepus.api.ApiGroup.CORE, dev.lepus.api.ApiGroup.NET})
    public static final class Taken implements dev.lepus.api.Component<Object>, dev.lepus.api.net.NetHandler<Object> {
        static final java.util.concurrent.BlockingQueue<String> ERRORS =
            new java.util.concurrent.LinkedBlockingQueue<>();
        private final int port;

        Taken(final int port) {
            this.port = port;
        }

        @Override
        public void onStart(final dev.lepus.api.Context<Object> ctx) {
            try {
                ctx.net().listen(ListenOptions.port(port).reusePort(false));
                ERRORS.add("listened");
            } catch (final dev.lepus.api.net.NetException ex) {
                ERRORS.add(ex.getMessage());
            }
        }

        @Override
        public void onMessage(final dev.lepus.api.Context<Object> ctx, final Object message) {
            // nothing
        }

        @Override
        public void onRead(final dev.lepus.api.Context<Object> ctx, final dev.lepus.api.net.Connection c,
                final dev.lepus.api.net.NetInput in) {
            // nothing
        }
    }

    @Test
    void shouldSayWhichAddressAndWhyWhenAPortIsTaken() throws Exception {
        try (java.net.ServerSocket held = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            Taken.ERRORS.clear();
            node = new Node(new NodeSettings().kernels(1));
            node.spawn(Spawn.of("taken", () -> new Taken(held.getLocalPort())));
            node.start();
            final String error = Taken.ERRORS.poll(10, TimeUnit.SECONDS);
            assertTrue(error != null && error.startsWith("component 'taken' cannot listen on 127.0.0.1:"
                + held.getLocalPort() + ": ") && error.endsWith("(is another program listening there?)"), error);
        }
    }

    @Test
    void shouldRefuseConnectionsPastTheMaximum() throws Exception {
        final int port = start(1, "backoff", ListenOptions.port(0).maxConnections(1));
        try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port)) {
            assertEquals("ok", new String(roundTrip(first, "ok".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
            second.setSoTimeout(5000);
            int r;
            try {
                r = second.getInputStream().read();
            } catch (final java.net.SocketException reset) {
                r = -1;
            }
            assertEquals(-1, r, "the second connection is closed at once");
        }
        final long refused = node.kernels()[0].counters().netRefusedConnections;
        assertEquals(1, refused);
    }
}
