package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: its protocol is a record with an array component. Breaks MESSAGE_TYPE. */
@Manifest(name = "MessageWithArray")
public final class MessageWithArray implements Component<MessageWithArray.Msg> {

    /**
     * The protocol.
     *
     * @param data what it carries
     */
    public record Msg(int[] data) {
    }

    /** A fresh instance. */
    public MessageWithArray() {
    }

    @Override
    public void onStart(final Context<Msg> ctx) {
        ctx.send(ctx.self(), new Msg(new int[] {1}));
    }

    @Override
    public void onMessage(final Context<Msg> ctx, final Msg message) {
        ctx.log(message.toString());
    }
}
