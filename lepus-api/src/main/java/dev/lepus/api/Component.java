package dev.lepus.api;

/**
 * A component: a deterministic state machine that reacts to events. Its state lives in its fields; it talks to others
 * only by sending messages through the {@link Cap}s it holds.
 *
 * <p>Thread contract: every method is called on the one kernel thread that owns the component, one event at a time,
 * and runs to completion. A component never needs a lock.
 *
 * @param <P> the protocol: the sealed interface (or record or enum) of the messages this component accepts
 */
public interface Component<P> {

    /**
     * Called once before the first message, and again after a restart by the supervisor.
     *
     * @param ctx the component's view of the OS
     */
    default void onStart(final Context<P> ctx) {
    }

    /**
     * Called for every message delivered to this component, in FIFO order per sender.
     *
     * @param ctx the component's view of the OS
     * @param message the message; an immutable value
     */
    void onMessage(Context<P> ctx, P message);

    /**
     * Called once when the component stops normally (by {@link Context#stop()}, by its supervisor or at shutdown).
     * Not called after a failure: a failed component's state is not trusted.
     *
     * @param ctx the component's view of the OS
     */
    default void onStop(final Context<P> ctx) {
    }

    /**
     * The supervision event: a child of this component failed, and the kernel has applied the child's restart
     * policy, as {@link Failure#action()} says. By default the failure is logged, so that it is never silent.
     *
     * @param ctx the component's view of the OS
     * @param failure what failed, why, and what was done
     */
    default void onChildFailure(final Context<P> ctx, final Failure failure) {
        ctx.log("child '" + failure.childName() + "' failed: " + failure.cause() + "; "
            + failure.action().name().toLowerCase(java.util.Locale.ROOT) + " (" + failure.restarts()
            + " in its window)");
    }
}
