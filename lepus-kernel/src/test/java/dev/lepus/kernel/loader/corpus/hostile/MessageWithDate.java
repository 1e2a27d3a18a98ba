package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: its protocol is a record with a java.util.Date component (mutable). Breaks MESSAGE_TYPE. */
@Manifest(name = "MessageWithDate")
public final class MessageWithDate implements Component<MessageWithDate.Msg> {

    /**
     * The protocol.
     *
     * @param when what it carries
     */
    public record Msg(java.util.Date when) {
    }

    /** A fresh instance. */
    public MessageWithDate() {
    }

    @Override
    public void onStart(final Context<Msg> ctx) {
        ctx.send(ctx.self(), new Msg(null));
    }

    @Override
    public void onMessage(final Context<Msg> ctx, final Msg message) {
        ctx.log(message.toString());
    }
}
