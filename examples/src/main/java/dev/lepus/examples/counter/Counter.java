package dev.lepus.examples.counter;

import dev.lepus.api.Cap;

/** The counter's protocol. */
public sealed interface Counter permits Counter.Add, Counter.Get {

    /**
     * Adds to the total.
     *
     * @param n how much
     */
    record Add(long n) implements Counter {
    }

    /**
     * Asks for the total.
     *
     * @param replyTo where the total goes
     */
    record Get(Cap<Long> replyTo) implements Counter {
    }
}
