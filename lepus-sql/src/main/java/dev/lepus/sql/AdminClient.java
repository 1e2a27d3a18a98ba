package dev.lepus.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The client side of {@link AdminServer}: one connection per query.
 *
 * <p>Thread contract: immutable, threadsafe.
 *
 * @param host the host (loopback)
 * @param port the port
 * @param token the token
 */
public record AdminClient(String host, int port, String token) {

    /** The largest answer it reads, in bytes (64 MiB). */
    public static final int MAX_ANSWER_BYTES = 64 << 20;
    /** Connect and read timeout. */
    public static final int TIMEOUT_MS = 30_000;

    /** A failure to reach or use the endpoint, or an error it answered; the message is for people. */
    public static final class AdminException extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * An error.
         *
         * @param message what went wrong
         */
        public AdminException(final String message) {
            super(message);
        }
    }

    /**
     * A client from {@code DIR} (its {@code admin} file) or {@code HOST:PORT:TOKEN}.
     *
     * @param target the folder or the address with token
     * @return the client
     * @throws AdminException if there is no admin file there, or it is malformed
     */
    public static AdminClient of(final String target) throws AdminException {
        final Path dir = Path.of(target);
        if (!Files.isDirectory(dir)) {
            final String[] p = target.split(":");
            if (p.length >= 3) {
                final String host = String.join(":", java.util.Arrays.copyOf(p, p.length - 2));
                return new AdminClient(host, port(p[p.length - 2], target), p[p.length - 1]);
            }
        }
        final Path file = dir.resolve(AdminServer.ADMIN_FILE);
        final String line;
        try {
            line = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (final NoSuchFileException ex) {
            throw new AdminException("no running system at " + dir + ": start it with lepus run --admin " + dir);
        } catch (final java.nio.file.AccessDeniedException ex) {
            throw new AdminException("cannot read " + file + ": only the node's owner can query it");
        } catch (final IOException ex) {
            throw new AdminException("cannot read " + file + ": " + ex.getMessage());
        }
        final int space = line.indexOf(' ');
        final int colon = line.lastIndexOf(':', space);
        if (space < 0 || colon < 0) {
            throw new AdminException(file + " is malformed: expected 'host:port token'");
        }
        return new AdminClient(line.substring(0, colon), port(line.substring(colon + 1, space), file.toString()),
            line.substring(space + 1).strip());
    }

    private static int port(final String text, final String where) throws AdminException {
        try {
            final int p = Integer.parseInt(text);
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (final NumberFormatException ex) {
            // below
        }
        throw new AdminException("bad port '" + text + "' in " + where);
    }

    /**
     * Runs a query.
     *
     * @param sql one query (line breaks become spaces)
     * @return its result
     * @throws AdminException if the node is unreachable, refuses the token, or the query fails
     */
    public ResultTable query(final String sql) throws AdminException {
        final String oneLine = sql.replace('\r', ' ').replace('\n', ' ');
        final String answer;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            final OutputStream out = s.getOutputStream();
            out.write((token + "\n" + oneLine + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            final InputStream in = s.getInputStream();
            final byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new AdminException("answer longer than " + MAX_ANSWER_BYTES + " bytes: add a LIMIT");
            }
            answer = new String(bytes, StandardCharsets.UTF_8).strip();
        } catch (final IOException ex) {
            throw new AdminException("cannot reach the node at " + host + ":" + port + ": " + ex.getMessage()
                + " (is it still running?)");
        }
        return decode(answer);
    }

    static ResultTable decode(final String answer) throws AdminException {
        final Object v;
        try {
            v = Json.parse(answer);
        } catch (final IllegalArgumentException ex) {
            throw new AdminException("bad answer from the node: " + ex.getMessage());
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new AdminException("bad answer from the node: not a JSON object");
        }
        if (m.get("error") instanceof String e) {
            throw new AdminException(e);
        }
        if (!(m.get("columns") instanceof List<?> cols) || !(m.get("rows") instanceof List<?> rows)) {
            throw new AdminException("bad answer from the node: no columns or rows");
        }
        final List<String> columns = cols.stream().map(String::valueOf).toList();
        final List<List<Object>> out = new ArrayList<>(rows.size());
        for (final Object r : rows) {
            if (!(r instanceof List<?> row) || row.size() != columns.size()) {
                throw new AdminException("bad answer from the node: a row does not match the columns");
            }
            out.add(new ArrayList<Object>(row));
        }
        return new ResultTable(columns, out);
    }
}
