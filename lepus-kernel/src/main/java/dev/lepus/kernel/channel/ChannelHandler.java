package dev.lepus.kernel.channel;

/**
 * Receives the entries that {@link OneToOneChannel#drain} takes out, on the consumer's thread.
 */
@FunctionalInterface
public interface ChannelHandler {

    /**
     * Takes one entry.
     *
     * @param target the entry's target (a kernel endpoint)
     * @param message the message
     * @param meta the entry's metadata, or null
     * @return true if the entry was consumed; false leaves it, and everything after it, in the channel
     */
    boolean onEntry(Object target, Object message, Object meta);
}
