package dev.lepus.kernel;

/**
 * What was left when a node stopped: nothing that was accepted is lost without being counted here.
 *
 * @param status how the node ended
 * @param undeliveredInMailboxes messages still in mailboxes when their components were stopped
 * @param undeliveredInChannels entries still in channels between kernels
 * @param deadLetters messages accepted earlier whose receiver stopped before delivery
 * @param refused sends refused (full or stopped receivers), all reported to their senders
 * @param failures handlers that threw
 * @param restarts restarts by supervision
 * @param delivered events delivered in all
 */
public record ShutdownReport(ExitStatus status, long undeliveredInMailboxes, long undeliveredInChannels,
        long deadLetters, long refused, long failures, long restarts, long delivered) {

    /**
     * The report as a line for the console.
     *
     * @return the line
     */
    public String describe() {
        return "lepus: stopped (exit " + status.code() + ": " + status.reason() + "); delivered " + delivered
            + ", undelivered at shutdown " + (undeliveredInMailboxes + undeliveredInChannels) + " (mailboxes "
            + undeliveredInMailboxes + ", channels " + undeliveredInChannels + "), dead letters " + deadLetters
            + ", refused sends " + refused + ", failures " + failures + ", restarts " + restarts;
    }
}
