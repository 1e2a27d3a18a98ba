package dev.lepus.sql;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.lepus.kernel.Node;
import dev.lepus.kernel.journal.JournalSettings;

/**
 * The admin endpoint: SQL over a running node, on loopback TCP, for whoever can read {@code DIR/admin}.
 *
 * <p>Protocol, one query per connection: the client sends the token line, then one SQL line (each ending with
 * {@code \n}, UTF-8); the server answers with one JSON object, {@code {"columns":[...],"rows":[[...],...]}} or
 * {@code {"error":"..."}}, and closes.
 *
 * <p>Security: it listens on the loopback address only, on an ephemeral port, and writes {@code host:port token} to
 * {@code DIR/admin} with owner-only permissions ({@code rw-------}, created so, never widened); the token is 32
 * random bytes from {@link SecureRandom}, compared in constant time. Anyone who can read the file (the node's owner,
 * and root) can query; everyone else gets {@code {"error":"bad token"}}. The endpoint only reads state.
 *
 * <p>Bounds: lines of at most {@link #MAX_LINE_BYTES}; a read timeout of {@link #READ_TIMEOUT_MS} per connection;
 * {@link #THREADS} worker threads with {@link #QUEUE} connections waiting, beyond which a connection is answered
 * {@code {"error":"busy"}} at once (and counted); an accept backlog of {@link #BACKLOG}.
 *
 * <p>Thread contract: threadsafe. One platform daemon thread accepts; the pool's threads serve.
 *
 * <pre>
 * RUNNING -> CLOSED   close(): stops accepting, deletes DIR/admin, ends the workers
 * </pre>
 */
public final class AdminServer implements AutoCloseable {

    /** The file in the data folder. */
    public static final String ADMIN_FILE = "admin";
    /** The longest token or SQL line, in bytes (64 KiB). */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    /** Worker threads. */
    public static final int THREADS = 2;
    /** Accepted connections waiting for a worker. */
    public static final int QUEUE = 8;
    /** The accept backlog. */
    public static final int BACKLOG = 16;
    /** Read timeout per connection. */
    public static final int READ_TIMEOUT_MS = 10_000;

    private final Node node;
    private final Optional<JournalSettings> journal;
    private final ServerSocket server;
    private final byte[] token;
    private final Path file;
    private final ThreadPoolExecutor pool;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean closed;

    private AdminServer(final Node node, final Optional<JournalSettings> journal, final Path dataDir)
            throws IOException {
        this.node = node;
        this.journal = journal;
        final byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        this.token = HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII);
        this.server = new ServerSocket();
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        server.bind(new InetSocketAddress(loopback, 0), BACKLOG);
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
            Thread.ofPlatform().daemon().name("lepus-admin-", 0).factory(), new ThreadPoolExecutor.AbortPolicy());
        try {
            this.file = writeAdminFile(dataDir, loopback.getHostAddress() + ":" + server.getLocalPort() + " "
                + new String(token, StandardCharsets.US_ASCII));
        } catch (final IOException | RuntimeException ex) {
            server.close();
            pool.shutdownNow();
            throw ex;
        }
    }

    /**
     * Starts the endpoint.
     *
     * @param node the node
     * @param dataDir the folder for the {@code admin} file (created if missing, owner-only)
     * @return the server; close it
     * @throws IOException if it cannot listen or write the file
     */
    public static AdminServer start(final Node node, final Path dataDir) throws IOException {
        return start(node, dataDir, Optional.empty());
    }

    /**
     * Starts the endpoint, with the node's journal settings for the {@code journal} table.
     *
     * @param node the node
     * @param dataDir the folder for the {@code admin} file
     * @param journal the journal settings, if known
     * @return the server; close it
     * @throws IOException if it cannot listen or write the file
     */
    public static AdminServer start(final Node node, final Path dataDir, final Optional<JournalSettings> journal)
            throws IOException {
        final AdminServer s = new AdminServer(node, journal, dataDir);
        Thread.ofPlatform().daemon().name("lepus-admin-accept").start(s::acceptLoop);
        return s;
    }

    /**
     * The port it listens on (loopback).
     *
     * @return the port
     */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * The admin file.
     *
     * @return {@code dataDir/admin}
     */
    public Path file() {
        return file;
    }

    /**
     * Queries answered (results and SQL errors).
     *
     * @return the count
     */
    public long served() {
        return served.get();
    }

    /**
     * Connections refused: bad token, busy, oversized line.
     *
     * @return the count
     */
    public long refused() {
        return refused.get();
    }

    private static Path writeAdminFile(final Path dataDir, final String line) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            Files.createDirectories(dataDir,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        final Path target = dataDir.resolve(ADMIN_FILE);
        final Path tmp = dataDir.resolve(ADMIN_FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, line + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        target.toFile().deleteOnExit(); // also gone when the JVM ends without close() (SIGINT, SIGTERM)
        return target;
    }

    private void acceptLoop() {
        while (!closed) {
            final Socket s;
            try {
                s = server.accept();
            } catch (final IOException ex) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                pool.execute(() -> serve(s));
            } catch (final RejectedExecutionException ex) {
                refused.incrementAndGet();
                answerAndClose(s, Json.error("busy: " + (THREADS + QUEUE) + " queries in progress; try again"));
            }
        }
    }

    private void serve(final Socket s) {
        try (s) {
            s.setSoTimeout(READ_TIMEOUT_MS);
            final InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 8192);
            final byte[] got = readLine(in);
            if (got == null || !MessageDigest.isEqual(got, token)) {
                refused.incrementAndGet();
                write(s, Json.error("bad token"));
                return;
            }
            final byte[] sqlBytes = readLine(in);
            if (sqlBytes == null) {
                refused.incrementAndGet();
                write(s, Json.error("no query, or a line longer than " + MAX_LINE_BYTES + " bytes"));
                return;
            }
            final String sql = new String(sqlBytes, StandardCharsets.UTF_8).strip();
            String answer;
            try (java.sql.Connection c = LepusSql.connect(node, journal)) {
                answer = Json.result(LepusSql.query(c, stripSemicolon(sql)));
            } catch (final SQLException | RuntimeException | LinkageError ex) {
                // LinkageError: a broken classpath (Calcite missing) must answer, not kill the worker silently
                answer = Json.error(message(ex));
            }
            served.incrementAndGet();
            write(s, answer);
        } catch (final IOException ex) {
            // the client went away or timed out: nothing to answer
        }
    }

    static String stripSemicolon(final String sql) {
        String t = sql.strip();
        while (t.endsWith(";")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        return t;
    }

    /** The most useful message of an exception chain: Calcite puts the position in an inner one. */
    static String message(final Throwable ex) {
        Throwable t = ex;
        String best = String.valueOf(ex.getMessage());
        while (t != null) {
            final String m = t.getMessage();
            if (m != null && m.contains("line ") && m.contains("column ")) {
                best = m;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        final int cut = best.indexOf("\nWas expecting");
        return (cut > 0 ? best.substring(0, cut) : best).strip();
    }

    /** Reads a line of at most MAX_LINE_BYTES bytes, without its end; null at end of stream or when too long. */
    private static byte[] readLine(final InputStream in) throws IOException {
        final ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        while (true) {
            final int c = in.read();
            if (c < 0) {
                return b.size() == 0 ? null : b.toByteArray();
            }
            if (c == '\n') {
                final byte[] line = b.toByteArray();
                final int n = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
                return java.util.Arrays.copyOf(line, n);
            }
            if (b.size() >= MAX_LINE_BYTES) {
                return null;
            }
            b.write(c);
        }
    }

    private static void write(final Socket s, final String json) throws IOException {
        final OutputStream out = s.getOutputStream();
        out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        s.shutdownOutput();
    }

    private static void answerAndClose(final Socket s, final String json) {
        try (s) {
            write(s, json);
        } catch (final IOException ex) {
            // the client went away
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (final IOException ex) {
            // closing anyway
        }
        pool.shutdownNow();
        try {
            Files.deleteIfExists(file);
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot delete " + file, ex);
        }
    }
}
