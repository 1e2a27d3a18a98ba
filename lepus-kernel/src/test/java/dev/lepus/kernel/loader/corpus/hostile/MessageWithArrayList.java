package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: its protocol is a record with an ArrayList component. Breaks MESSAGE_TYPE. */
@Manifest(name = "MessageWithArrayList")
public final class MessageWithArrayList implements Component<MessageWithArrayList.Msg> {

    /**
     * The protocol.
     *
     * @param items what it carries
     */
    public record Msg(java.util.ArrayList<String> items) {
    }

    /** A fresh instance. */
    public MessageWithArrayList() {
    }

    @Override
    public void onStart(final Context<Msg> ctx) {
        ctx.send(ctx.self(), new Msg(new java.util.ArrayList<>()));
    }

    @Override
    public void onMessage(final Context<Msg> ctx, final Msg message) {
        ctx.log(message.toString());
    }
}
