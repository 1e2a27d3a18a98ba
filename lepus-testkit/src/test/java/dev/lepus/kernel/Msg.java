package dev.lepus.kernel;

import dev.lepus.api.Cap;

/** Test messages. */
sealed interface Msg {

    /**
     * A numbered message.
     *
     * @param n the number
     */
    record N(long n) implements Msg {
        @Override
        public String toString() {
            return Long.toString(n);
        }
    }

    /**
     * A request carrying a reply cap.
     *
     * @param value the question
     * @param replyTo where the answer goes
     */
    record Ask(long value, Cap<Long> replyTo) implements Msg {
    }

    /** Makes the receiver throw. */
    record Boom() implements Msg {
        @Override
        public String toString() {
            return "boom";
        }
    }
}
