package dev.lepus.examples.badges;

/** The ledger's protocol. */
public sealed interface Ledger {

    /**
     * Adds to the sender's balance; the sender is known by its cap's badge, not by anything in the message.
     *
     * @param amount how much
     */
    record Deposit(long amount) implements Ledger {
    }

    /** The sender is done. */
    record Done() implements Ledger {
    }
}
