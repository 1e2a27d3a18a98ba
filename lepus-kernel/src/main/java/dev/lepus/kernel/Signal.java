package dev.lepus.kernel;

import dev.lepus.api.Failure;

/**
 * Kernel-internal messages that travel on the same paths as component messages (mailboxes and channels) but are
 * handled by the kernel. Components cannot send them: they are not message types.
 */
sealed interface Signal {

    /** Start a cell spawned from another kernel. */
    Signal START = new Start();
    /** Stop a cell (its parent stopped it, or its parent stopped). */
    Signal STOP = new Stop();

    /** See {@link #START}. */
    record Start() implements Signal {
    }

    /** See {@link #STOP}. */
    record Stop() implements Signal {
    }

    /**
     * A child of the receiving cell failed; delivered to the parent as an event.
     *
     * @param failure what happened
     */
    record ChildFailed(Failure failure) implements Signal {
    }

    /**
     * A child of the receiving cell stopped; the parent forgets it.
     *
     * @param child the child
     */
    record ChildStopped(Cell child) implements Signal {
    }
}
