package dev.lepus.examples.http;

import dev.lepus.api.Bytes;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/**
 * Answers {@code GET /json} for the servers on its kernel: the document {@code {"message":"Hello, World!"}}, built
 * here from its parts and counted.
 *
 * <p>Thread contract: a component; its kernel's thread, one event at a time.
 */
@Manifest(name = "http-json")
public final class JsonService implements Component<HttpProtocol> {

    private Bytes body;
    private long answered;

    @Override
    public void onStart(final Context<HttpProtocol> ctx) {
        final String message = ctx.config().string("message", "Hello, World!");
        body = Bytes.utf8("{\"message\":\"" + escape(message) + "\"}");
    }

    @Override
    public void onMessage(final Context<HttpProtocol> ctx, final HttpProtocol m) {
        if (m instanceof HttpProtocol.JsonRequest r) {
            answered++;
            ctx.send(r.replyTo(), new HttpProtocol.JsonReply(r.connection(), body));
        }
    }

    @Override
    public void onStop(final Context<HttpProtocol> ctx) {
        ctx.log("answered " + answered + " JSON requests");
    }

    /** JSON string escaping of quotes, backslashes and control characters. */
    static String escape(final String s) {
        final StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
