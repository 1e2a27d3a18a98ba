package dev.lepus.kernel;

import java.util.ArrayList;
import java.util.function.Consumer;

import dev.lepus.api.AskException;
import dev.lepus.api.Promise;

/**
 * The one-shot endpoint behind an ask's reply cap, and the asker's promise. The first message sent to it completes
 * the promise; later ones are counted as late replies and go nowhere.
 *
 * <p>Thread contract: not threadsafe; owned by the asker's kernel thread.
 *
 * <pre>
 * PENDING  -> ARRIVED   reply, failure or timeout reached the kernel; queued in the asker's mailbox
 * ARRIVED  -> DONE      the asker's kernel ran the callbacks as an event of the asker
 * </pre>
 */
final class ReplyEndpoint extends Endpoint implements Promise<Object> {

    static final int PENDING = 0;
    static final int ARRIVED = 1;
    static final int DONE = 2;

    /** The asking cell; callbacks run as its events. */
    final Cell owner;
    /** Who was asked, for failure messages. */
    final String calleeName;
    /** The asker's incarnation: after a restart, the old instance's callbacks do not run. */
    final int incarnation;
    /** The cap the request was sent through: checked for revocation at delivery, and its badge delivered. */
    final CapNode via;
    /** The timeout timer, cancelled when the reply arrives. */
    KernelTimer timeout;
    int state = PENDING;
    /** Its asker waits for it in await: the reply resumes the handler instead of arriving as an event. */
    boolean awaited;
    /** The reply (or failure) an awaited ask got. */
    Object awaitedOutcome;
    /** The asker's count of asks when this one was made, for the journal (replies are named by it). */
    int number;
    private Object outcome;
    private ArrayList<Consumer<? super Object>> onSuccess;
    private ArrayList<Consumer<? super AskException>> onFailure;

    ReplyEndpoint(final Kernel kernel, final Cell owner, final String calleeName, final CapNode via) {
        super(kernel);
        this.via = via;
        this.owner = owner;
        this.calleeName = calleeName;
        this.incarnation = owner.incarnation;
    }

    /** The outcome once done: the reply, or an {@link AskException}. */
    Object outcome() {
        return outcome;
    }

    /** Runs the callbacks with the reply or the failure; called as an event of the owner. */
    void complete(final Object value) {
        state = DONE;
        outcome = value;
        if (value instanceof AskException failure) {
            if (onFailure != null) {
                for (final Consumer<? super AskException> c : onFailure) {
                    c.accept(failure);
                }
            }
        } else if (onSuccess != null) {
            for (final Consumer<? super Object> c : onSuccess) {
                c.accept(value);
            }
        }
        onSuccess = null;
        onFailure = null;
    }

    @Override
    public Promise<Object> onSuccess(final Consumer<? super Object> action) {
        if (state == DONE) {
            if (!(outcome instanceof AskException)) {
                action.accept(outcome);
            }
        } else {
            if (onSuccess == null) {
                onSuccess = new ArrayList<>(1);
            }
            onSuccess.add(action);
        }
        return this;
    }

    @Override
    public Promise<Object> onFailure(final Consumer<? super AskException> action) {
        if (state == DONE) {
            if (outcome instanceof AskException failure) {
                action.accept(failure);
            }
        } else {
            if (onFailure == null) {
                onFailure = new ArrayList<>(1);
            }
            onFailure.add(action);
        }
        return this;
    }

    @Override
    public boolean isDone() {
        return state == DONE;
    }

    @Override
    String journalKey() {
        return "r" + Long.toHexString(owner.id) + "." + number;
    }

    @Override
    public String toString() {
        return "reply-to:" + owner.name;
    }
}
