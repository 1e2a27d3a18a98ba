package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: its protocol is a sealed interface, one of whose records holds a StringBuilder. Breaks MESSAGE_TYPE. */
@Manifest(name = "MessageSealedWithMutable")
public final class MessageSealedWithMutable implements Component<MessageSealedWithMutable.Proto> {

    /** The protocol. */
    public sealed interface Proto permits Fine, Bad {
    }

    /**
     * An immutable message.
     *
     * @param text the text
     */
    public record Fine(String text) implements Proto {
    }

    /**
     * A message whose content can change after it is sent.
     *
     * @param text the text
     */
    public record Bad(StringBuilder text) implements Proto {
    }

    /** A fresh instance. */
    public MessageSealedWithMutable() {
    }

    @Override
    public void onMessage(final Context<Proto> ctx, final Proto message) {
        switch (message) {
            case Fine(String text) -> ctx.log(text);
            case Bad(StringBuilder text) -> ctx.log(text.toString());
        }
    }
}
