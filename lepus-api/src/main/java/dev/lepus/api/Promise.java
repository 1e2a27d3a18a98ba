package dev.lepus.api;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The future reply of an {@link Context#ask}. Callbacks run on the asker's kernel as events of the asker, later than
 * the handler that asked, so they may touch the asker's state freely. A callback added after completion runs at once.
 *
 * <p>Thread contract: not threadsafe; use it only on the asker's kernel thread.
 *
 * @param <T> the reply type
 */
public interface Promise<T> {

    /**
     * Runs {@code action} with the reply when it arrives.
     *
     * @param action the callback
     * @return this promise
     */
    Promise<T> onSuccess(Consumer<? super T> action);

    /**
     * Runs {@code action} with the cause when the ask fails.
     *
     * @param action the callback
     * @return this promise
     */
    Promise<T> onFailure(Consumer<? super AskException> action);

    /**
     * Runs {@code action} with the reply, or with null and the cause.
     *
     * @param action the callback
     * @return this promise
     */
    default Promise<T> whenComplete(final BiConsumer<? super T, ? super AskException> action) {
        onSuccess(value -> action.accept(value, null));
        return onFailure(cause -> action.accept(null, cause));
    }

    /**
     * Whether the reply or the failure has arrived.
     *
     * @return true once completed
     */
    boolean isDone();
}
