package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: its protocol is a plain class, not a record or an enum. Breaks MESSAGE_TYPE. */
@Manifest(name = "MessageIsMutableClass")
public final class MessageIsMutableClass implements Component<MessageIsMutableClass.Msg> {

    /** The protocol: a class with a field anyone holding it can change. */
    public static final class Msg {
        private int value;

        /** @return the value */
        public int value() {
            return value;
        }
    }

    /** A fresh instance. */
    public MessageIsMutableClass() {
    }

    @Override
    public void onMessage(final Context<Msg> ctx, final Msg message) {
        ctx.log("value: " + message.value());
    }
}
