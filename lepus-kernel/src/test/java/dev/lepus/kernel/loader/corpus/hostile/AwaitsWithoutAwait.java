package dev.lepus.kernel.loader.corpus.hostile;

import java.time.Duration;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Awaits a reply, but its manifest declares only CORE. Breaks AWAIT. */
@Manifest(name = "AwaitsWithoutAwait")
public final class AwaitsWithoutAwait implements Component<String> {

    /** A fresh instance. */
    public AwaitsWithoutAwait() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        final Cap<String> self = ctx.self();
        ctx.log(ctx.<String>await(ctx.<String, String>ask(self, replyTo -> message, Duration.ofSeconds(1))));
    }
}
