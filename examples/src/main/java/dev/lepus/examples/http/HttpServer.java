package dev.lepus.examples.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Bytes;
import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.api.SendResult;
import dev.lepus.api.net.CloseReason;
import dev.lepus.api.net.Connection;
import dev.lepus.api.net.ListenOptions;
import dev.lepus.api.net.NetHandler;
import dev.lepus.api.net.NetInput;
import dev.lepus.api.net.WriteResult;

/**
 * An HTTP/1.1 server on one kernel: keep-alive, pipelining, chunked responses. Every kernel of the system runs one,
 * all listening on the same port (the host spreads the connections over them); {@code GET /hello} and
 * {@code GET /chunked} are answered here, {@code GET /json} by the JSON service ({@link JsonService}, granted as
 * {@code json}), anything else 404; bad requests get 400, 413 or 431 and the connection is closed.
 *
 * <p>Responses leave in request order: the answers to a pipelined batch are written together, at the end of the
 * batch; while a connection waits for the JSON service, its next requests wait unread (reading is paused, and resumed
 * with the bytes left when the answer comes). A client that does not read its answers fills its output queue: the
 * server then stops reading its requests until the queue drains, and its idle timeout closes it if it never does.
 *
 * <p>Config: {@code port} (default 8080), {@code host} (default 127.0.0.1), {@code max_connections} (10,000),
 * {@code idle_timeout_ms} (30,000; 0 for none), {@code max_body} (1 MiB), {@code max_head} (8 KiB).
 *
 * <p>Thread contract: a component; its kernel's thread, one event at a time.
 */
@Manifest(name = "http-server", groups = {ApiGroup.CORE, ApiGroup.NET})
public final class HttpServer implements Component<HttpProtocol>, NetHandler<HttpProtocol> {

    /** The default port. */
    public static final int DEFAULT_PORT = 8080;

    /** What the server keeps per connection. */
    private static final class Session {
        final HttpRequestParser parser;
        /** The request waiting for the JSON service, or null. */
        HttpRequest waiting;
        /** Bytes refused by a full output queue, written again when it drains. */
        byte[] unsent;

        Session(final HttpRequestParser parser) {
            this.parser = parser;
        }
    }

    private final HttpResponseWriter out = new HttpResponseWriter();
    private final Map<Long, Connection> connections = new HashMap<>();
    private Cap<HttpProtocol> json;
    private int maxHead;
    private int maxBody;
    private long served;
    private long refused;

    @Override
    public void onStart(final Context<HttpProtocol> ctx) {
        json = ctx.granted("json");
        maxHead = ctx.config().intValue("max_head", HttpRequestParser.DEFAULT_MAX_HEAD_BYTES);
        maxBody = ctx.config().intValue("max_body", HttpRequestParser.DEFAULT_MAX_BODY_BYTES);
        final ListenOptions options = ListenOptions.port(ctx.config().intValue("port", DEFAULT_PORT))
            .host(ctx.config().string("host", "127.0.0.1"))
            .maxConnections(ctx.config().intValue("max_connections", ListenOptions.DEFAULT_MAX_CONNECTIONS))
            .inputLimit(Math.max(ListenOptions.DEFAULT_INPUT_LIMIT, 2 * maxHead))
            .idleTimeout(Duration.ofMillis(ctx.config().longValue("idle_timeout_ms", 30_000)));
        final int port = ctx.net().listen(options).port();
        ctx.log("listening on " + options.host() + ":" + port);
    }

    @Override
    public void onMessage(final Context<HttpProtocol> ctx, final HttpProtocol m) {
        if (m instanceof HttpProtocol.JsonReply r) {
            final Connection c = connections.get(r.connection());
            if (c == null || !(c.attachment() instanceof Session s) || s.waiting == null) {
                return; // the connection closed meanwhile
            }
            final HttpRequest request = s.waiting;
            s.waiting = null;
            out.fixed(request, 200, Route.APPLICATION_JSON, r.body());
            served++;
            send(c, s);
            if (c.isOpen()) {
                c.resumeReading(); // the requests behind it were left unread
            }
        }
    }

    @Override
    public void onAccepted(final Context<HttpProtocol> ctx, final Connection c) {
        c.attach(new Session(new HttpRequestParser(maxHead, maxBody)));
        connections.put(c.id(), c);
    }

    @Override
    public void onRead(final Context<HttpProtocol> ctx, final Connection c, final NetInput in) {
        final Session s = (Session) c.attachment();
        if (s.waiting != null || s.unsent != null) {
            return; // answers are pending: the requests behind them wait (reading is paused)
        }
        try {
            HttpRequest r;
            while (!out.closing() && (r = s.parser.parse(in)) != null) {
                if (answer(ctx, c, s, r)) {
                    break; // waits for the JSON service
                }
            }
        } catch (final HttpRequestException bad) {
            refused++;
            if (!out.closing()) {
                out.error(bad);
            }
        }
        send(c, s);
    }

    /** Writes the answer to one request; true if it waits for the JSON service instead. */
    private boolean answer(final Context<HttpProtocol> ctx, final Connection c, final Session s,
            final HttpRequest r) {
        switch (Route.of(r)) {
            case HELLO -> out.fixed(r, 200, Route.TEXT_PLAIN, Route.HELLO_BODY);
            case CHUNKED -> {
                out.beginChunked(r, 200, Route.TEXT_PLAIN);
                for (final Bytes chunk : Route.CHUNKS) {
                    out.chunk(chunk);
                }
                out.endChunked();
            }
            case JSON -> {
                final SendResult sent = ctx.send(json, new HttpProtocol.JsonRequest(ctx.self(), c.id()));
                if (sent != SendResult.OK) {
                    out.fixed(r, 500, Route.TEXT_PLAIN, Bytes.utf8("the JSON service refused the request: " + sent
                        + "\n"));
                    break;
                }
                s.waiting = r;
                c.pauseReading();
                return true;
            }
            case METHOD_NOT_ALLOWED -> out.status(r, 405).header("Allow", Route.ALLOWED_METHODS)
                .body(Route.TEXT_PLAIN, Route.NOT_ALLOWED_BODY);
            case NOT_FOUND -> out.fixed(r, 404, Route.TEXT_PLAIN, Route.NOT_FOUND_BODY);
            default -> throw new IllegalStateException("unknown route for " + r.path());
        }
        served++;
        return false;
    }

    /** Writes what the writer holds; closes the connection after an answer that closes it. */
    private void send(final Connection c, final Session s) {
        if (out.length() > 0) {
            final WriteResult w = c.write(out.buffer(), 0, out.length());
            if (w == WriteResult.FULL) {
                s.unsent = java.util.Arrays.copyOf(out.buffer(), out.length());
                c.pauseReading(); // the client does not read: stop reading its requests until it does
            }
        }
        final boolean closing = out.closing();
        out.clear();
        if (closing) {
            if (s.unsent != null) {
                c.abort(); // a client that neither reads nor sends good requests: drop it
            } else {
                c.close(); // after the answer is written
            }
        }
    }

    @Override
    public void onWritable(final Context<HttpProtocol> ctx, final Connection c) {
        final Session s = (Session) c.attachment();
        final byte[] unsent = s.unsent;
        if (unsent != null && c.write(unsent, 0, unsent.length) == WriteResult.OK) {
            s.unsent = null;
            if (s.waiting == null) {
                c.resumeReading();
            }
        }
    }

    @Override
    public void onClosed(final Context<HttpProtocol> ctx, final Connection c, final CloseReason reason) {
        connections.remove(c.id());
    }

    @Override
    public void onStop(final Context<HttpProtocol> ctx) {
        ctx.log("served " + served + " requests, refused " + refused);
    }
}
