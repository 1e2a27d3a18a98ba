package dev.lepus.kernel;

/**
 * Something a cap can point to and a message can be sent to: a component cell or a one-shot reply endpoint. Every
 * endpoint is owned by one kernel; only that kernel's thread changes it.
 */
abstract sealed class Endpoint permits Cell, ReplyEndpoint {

    /** The owning kernel. Final. */
    final Kernel kernel;

    Endpoint(final Kernel kernel) {
        this.kernel = kernel;
    }
}
