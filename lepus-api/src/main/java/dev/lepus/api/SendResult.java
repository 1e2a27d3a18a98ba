package dev.lepus.api;

/** What became of a send. Every result other than {@link #OK} is counted by the kernel. */
public enum SendResult {
    /** Accepted for delivery; it will be delivered in FIFO order per sender unless the receiver stops first. */
    OK,
    /** Refused: the receiver's mailbox or the channel to its kernel is full. Retry later, or shed load. */
    FULL,
    /** Refused: the receiver has stopped. */
    STOPPED,
    /**
     * Refused: the cap does not carry the right the send needs (send; and grant, when the message contains caps), or a
     * cap inside the message was revoked.
     */
    DENIED,
    /** Refused: the cap was revoked. */
    REVOKED;

    /**
     * Whether the message was accepted.
     *
     * @return true for {@link #OK}
     */
    public boolean accepted() {
        return this == OK;
    }
}
