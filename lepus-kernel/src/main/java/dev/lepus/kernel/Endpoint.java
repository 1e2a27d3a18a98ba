package dev.lepus.kernel;

/**
 * Something a cap can point to and a message can be sent to: a component cell or a one-shot reply endpoint, and in a
 * replay, a stand-in for either. Every live endpoint is owned by one kernel; only that kernel's thread changes it.
 */
abstract sealed class Endpoint permits Cell, ReplyEndpoint, ReplayTarget {

    /** The owning kernel, or null for a replay stand-in. Final. */
    final Kernel kernel;

    Endpoint(final Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * The endpoint's name in a journal, the same in the run that recorded it and in its replay: a component's id, or
     * for a reply endpoint its asker's id and the number of the ask.
     *
     * @return the key
     */
    abstract String journalKey();
}
