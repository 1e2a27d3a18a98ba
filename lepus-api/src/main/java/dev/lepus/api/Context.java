package dev.lepus.api;

import java.time.Duration;
import java.util.function.Function;

/**
 * The whole OS as a component sees it: messaging, timers, time, randomness, spawning and stopping. Everything
 * non-deterministic enters a component through an event or through this interface, so that it can be recorded.
 *
 * <p>Thread contract: not threadsafe. Use it only inside the handler it was passed to, on the kernel thread.
 *
 * @param <P> the protocol of the component that owns this context
 */
public interface Context<P> {

    /**
     * The capability to this component itself, with the send right.
     *
     * @return the self cap
     */
    Cap<P> self();

    /**
     * This component's name, as given in the system description or at spawn.
     *
     * @return the name
     */
    String name();

    /**
     * The configuration given in the system description or at spawn.
     *
     * @return the configuration, empty if none was given
     */
    Config config();

    /**
     * Sends a message. Never blocks and never drops silently: a message that cannot be accepted is refused here,
     * and the refusal is counted.
     *
     * @param to the capability of the receiver
     * @param message an immutable message (a record or an enum of immutable values and caps)
     * @param <Q> the receiver's protocol
     * @return {@link SendResult#OK} if the message was accepted for delivery, otherwise why not
     * @throws IllegalArgumentException if the message type is not an immutable record or enum
     */
    <Q> SendResult send(Cap<Q> to, Q message);

    /**
     * Sends a request that carries a one-shot reply cap, and returns a promise of the reply. The promise's callbacks
     * run later on this kernel, as events of this component. The promise fails with {@link AskException} when the
     * callee fails or stops before it answers, when the request is refused, or when the timeout passes.
     *
     * @param to the capability of the callee
     * @param request builds the request around the reply cap
     * @param timeout how long to wait for the reply
     * @param <Q> the callee's protocol
     * @param <R> the reply type
     * @return the promise of the reply
     */
    <Q, R> Promise<R> ask(Cap<Q> to, Function<Cap<R>, ? extends Q> request, Duration timeout);

    /**
     * Waits inside a handler for the reply to one of this component's asks, and returns it: the handler suspends, the
     * kernel runs other components meanwhile, and this component receives no other event until the handler returns
     * (one event at a time still holds). Available on kernels of level L3 (continuations) and L4 (a thread per
     * component), to components whose manifest declares {@link ApiGroup#AWAIT}, inside {@code onMessage} and the
     * callbacks it runs.
     *
     * @param promise a promise this component's {@link #ask} returned
     * @param <T> the reply type
     * @return the reply
     * @throws AskException if the ask failed (timeout, callee failed or stopped, refused)
     * @throws IllegalStateException on a kernel of level L1 or L2, or outside a handler that can suspend
     */
    <T> T await(Promise<T> promise);

    /**
     * Delivers {@code message} to this component once, after {@code delay}. Needs {@link ApiGroup#TIMERS}.
     *
     * @param delay the delay, zero or positive
     * @param message the message to deliver to self
     * @return the timer, for {@link #cancel(Timer)}
     */
    Timer after(Duration delay, P message);

    /**
     * Delivers {@code message} to this component every {@code period}, first after one period. Needs
     * {@link ApiGroup#TIMERS}.
     *
     * @param period the period, positive
     * @param message the message to deliver to self
     * @return the timer, for {@link #cancel(Timer)}
     */
    Timer every(Duration period, P message);

    /**
     * Cancels a timer of this component.
     *
     * @param timer the timer
     * @return true if it was active and will not fire again
     */
    boolean cancel(Timer timer);

    /**
     * The kernel's time for the current event, in nanoseconds from an arbitrary origin. Recorded, so that replay
     * sees the same value.
     *
     * @return the time in nanoseconds
     */
    long nowNs();

    /**
     * A random 64-bit value from this component's own deterministic generator. Recorded, so that replay sees the
     * same value.
     *
     * @return a random long
     */
    long random();

    /**
     * Spawns a child component; this component becomes its supervisor.
     *
     * @param spec what to spawn and where
     * @param <Q> the child's protocol
     * @return a capability to the child, with the send right
     */
    <Q> Cap<Q> spawn(Spawn<Q> spec);

    /**
     * The badge of the cap through which the message being handled was sent: 0 for an unbadged cap, for timer firings
     * and for replies.
     *
     * @return the badge
     */
    long badge();

    /**
     * Derives a cap from one this component holds, with fewer (or the same) rights and, if the original has none, a
     * badge. Revoking the original revokes the derived cap too.
     *
     * @param cap the original
     * @param rights the derived cap's rights; must be a subset of the original's
     * @param badge the badge to deliver with every message sent through the derived cap; must equal the original's
     *     badge if that is not 0
     * @param <Q> the protocol of the target
     * @return the derived cap
     * @throws IllegalArgumentException if the rights grow, the badge changes, or the original was revoked
     */
    <Q> Cap<Q> mint(Cap<Q> cap, int rights, long badge);

    /**
     * Derives a copy of a cap with the same rights and badge, revocable on its own.
     *
     * @param cap the original
     * @param <Q> the protocol of the target
     * @return the copy
     */
    <Q> Cap<Q> copy(Cap<Q> cap);

    /**
     * Removes a cap from this component's capability space: sends through it are refused from now on; caps derived
     * from it stay valid until revoked.
     *
     * @param cap the cap
     * @return true if it was in this component's space
     */
    boolean delete(Cap<?> cap);

    /**
     * Revokes a cap and, transitively, every cap derived from it (by mint, copy or grant), on every kernel. After
     * revoke returns, nothing sent through any of them is delivered, even messages already queued or in a channel.
     *
     * @param cap the cap; needs the {@link Cap#REVOKE} right
     * @return how many caps were revoked
     * @throws IllegalArgumentException if the cap lacks the revoke right
     */
    int revoke(Cap<?> cap);

    /**
     * A capability given to this component by a grant in the system description, under a name local to it.
     *
     * @param name the local name of the grant
     * @param <Q> the protocol of the target
     * @return the capability
     * @throws IllegalArgumentException if no grant of that name was given to this component
     */
    <Q> Cap<Q> granted(String name);

    /**
     * Stops this component after the current handler returns: {@link Component#onStop} runs, its children stop,
     * and whatever is left in its mailbox is reported as undelivered.
     */
    void stop();

    /**
     * Stops a child of this component.
     *
     * @param child the child's capability
     * @return true if it was a running child of this component
     */
    boolean stop(Cap<?> child);

    /**
     * Writes a line to the node's console, tagged with this component's name.
     *
     * @param line the text
     */
    void log(String line);

    /**
     * The net API group: TCP listeners and connections owned by this component's kernel, whose events reach this
     * component through {@link dev.lepus.api.net.NetHandler}. Needs {@link ApiGroup#NET}.
     *
     * @return the net API
     * @throws IllegalStateException if the manifest does not declare {@link ApiGroup#NET}
     */
    dev.lepus.api.net.Net net();

    /**
     * Stops the whole system after the current handler; the node exits with {@code exitCode}.
     *
     * @param exitCode 0 for success
     */
    void shutdown(int exitCode);
}
