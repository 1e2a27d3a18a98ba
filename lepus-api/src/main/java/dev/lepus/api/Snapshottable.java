package dev.lepus.api;

/**
 * A component that can write its state as one value and be rebuilt from it, so that replay and durable restart start
 * from its newest snapshot instead of its first input. Without it, the kernel snapshots a component by its fields when
 * every field holds a message value (primitives, strings, records, enums, caps, immutable collections), and not at
 * all otherwise.
 *
 * <p>The kernel takes snapshots between events, on the component's own kernel, and only while the component has no
 * ask outstanding (a promise's callbacks cannot be written down). {@link #restore} is called on a fresh instance
 * instead of {@code onStart}; the component's timers are armed again by the kernel.
 *
 * @param <S> the snapshot: a record or other message value (it goes through the journal's codec)
 */
public interface Snapshottable<S> {

    /**
     * The component's state, as a value that does not share anything mutable with the component.
     *
     * @return the snapshot
     */
    S snapshot();

    /**
     * Takes the state of a snapshot; called on a fresh instance, before any event.
     *
     * @param snapshot what {@link #snapshot} returned
     */
    void restore(S snapshot);
}
