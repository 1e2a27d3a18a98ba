package dev.lepus.examples.fanout;

/** The messages of the fan-out example. */
public sealed interface FanoutProtocol {

    /**
     * Work for a worker.
     *
     * @param value a payload
     */
    record Work(long value) implements FanoutProtocol {
    }

    /** A source sent all its work to this worker. */
    record Done() implements FanoutProtocol {
    }

    /** A source tells itself to go on sending. */
    record Continue() implements FanoutProtocol {
    }

    /**
     * A worker's count, to the coordinator.
     *
     * @param received messages of work received
     * @param sum the sum of their payloads
     */
    record Count(long received, long sum) implements FanoutProtocol {
    }
}
