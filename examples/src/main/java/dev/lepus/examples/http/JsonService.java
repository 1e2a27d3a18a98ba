package dev.lepus.examples.http;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/**
 * Answers {@code GET /json} for the servers on its kernel with the document {@link Route#JSON_BODY}, and counts the
 * answers.
 *
 * <p>Thread contract: a component; its kernel's thread, one event at a time.
 */
@Manifest(name = "http-json")
public final class JsonService implements Component<HttpProtocol> {

    private long answered;

    @Override
    public void onMessage(final Context<HttpProtocol> ctx, final HttpProtocol m) {
        if (m instanceof HttpProtocol.JsonRequest r) {
            answered++;
            ctx.send(r.replyTo(), new HttpProtocol.JsonReply(r.connection(), Route.JSON_BODY));
        }
    }

    @Override
    public void onStop(final Context<HttpProtocol> ctx) {
        ctx.log("answered " + answered + " JSON requests");
    }
}
