package dev.lepus.kernel.loader.corpus.legit;

import dev.lepus.api.Component;
import dev.lepus.api.Context;

/**
 * Legit: a generic abstract component; its subclasses give the protocol.
 *
 * @param <P> the protocol
 */
public abstract class AbstractComponent<P> implements Component<P> {

    private long handled;

    /** For subclasses. */
    protected AbstractComponent() {
    }

    @Override
    public final void onMessage(final Context<P> ctx, final P message) {
        handled++;
        handle(ctx, message);
    }

    /**
     * Handles one message.
     *
     * @param ctx the context
     * @param message the message
     */
    protected abstract void handle(Context<P> ctx, P message);

    /** @return messages handled so far */
    protected long handled() {
        return handled;
    }
}
