package dev.lepus.api.net;

import dev.lepus.api.Context;

/**
 * What a component that uses the net API group implements besides {@link dev.lepus.api.Component}: the events of its
 * sockets. Each is an event of the component like a message: delivered on its kernel, one at a time, in order with
 * its other events, recorded when the kernel journals (the bytes read are inputs, the bytes written outputs).
 *
 * <p>Thread contract: called on the component's kernel only, one event at a time.
 *
 * @param <P> the component's protocol
 */
public interface NetHandler<P> {

    /**
     * A connection was accepted by one of this component's listeners, or handed over to it.
     *
     * @param ctx the component's context
     * @param connection the connection, open
     */
    default void onAccepted(final Context<P> ctx, final Connection connection) {
    }

    /**
     * A connection this component made with {@link Net#connect} is connected.
     *
     * @param ctx the component's context
     * @param connection the connection
     */
    default void onConnected(final Context<P> ctx, final Connection connection) {
    }

    /**
     * Bytes arrived. Consume what can be used ({@link NetInput#skip}, {@link NetInput#take}); the rest is presented
     * again with the next bytes.
     *
     * @param ctx the component's context
     * @param connection the connection
     * @param input the unconsumed bytes, valid only during this call
     */
    void onRead(Context<P> ctx, Connection connection, NetInput input);

    /**
     * The output queue of a connection whose write was refused ({@link WriteResult#FULL}) has drained to half its
     * limit: write again.
     *
     * @param ctx the component's context
     * @param connection the connection
     */
    default void onWritable(final Context<P> ctx, final Connection connection) {
    }

    /**
     * A connection closed; it is no longer usable. Not called for a connection handed over to another component.
     *
     * @param ctx the component's context
     * @param connection the connection
     * @param reason why
     */
    default void onClosed(final Context<P> ctx, final Connection connection, final CloseReason reason) {
    }
}
