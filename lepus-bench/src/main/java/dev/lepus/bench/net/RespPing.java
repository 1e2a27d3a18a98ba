package dev.lepus.bench.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Asks a RESP server on 127.0.0.1 whether it answers: sends {@code PING} on a new connection and expects
 * {@code +PONG}. {@link RedisServerProcess} waits with it until its server is up, and {@link RedisBenchmark} checks
 * with it first, for {@code redis-benchmark} retries a refused connection forever instead of failing.
 *
 * <p>Thread contract: stateless; threadsafe; {@link #answers} blocks the calling thread for at most about twice its
 * time limit (connecting, then reading).
 */
final class RespPing {

    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String PONG = "+PONG\r\n";

    private RespPing() {
    }

    /**
     * Pings a server.
     *
     * @param port its port on 127.0.0.1
     * @param timeoutMs how long connecting may take, and then how long reading the answer may
     * @return true if it answered {@code +PONG}; false if it refused, timed out, closed or answered something else
     */
    static boolean answers(final int port, final int timeoutMs) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            socket.getOutputStream().write(PING);
            final InputStream in = socket.getInputStream();
            final StringBuilder answer = new StringBuilder();
            while (answer.length() < PONG.length()) {
                final int b = in.read();
                if (b < 0) {
                    return false;
                }
                answer.append((char) b);
            }
            return answer.toString().equals(PONG);
        } catch (final IOException ex) {
            return false;
        }
    }
}
