package dev.lepus.kernel;

/**
 * What a cap points to in a replay: the endpoint named in the journal, which does not exist in the replaying process.
 * Sends through it are outputs to digest, never deliveries.
 *
 * <p>Thread contract: immutable.
 */
final class ReplayTarget extends Endpoint {

    private final String key;

    ReplayTarget(final String key) {
        super(null);
        this.key = key;
    }

    @Override
    String journalKey() {
        return key;
    }

    @Override
    public String toString() {
        return "replayed:" + key;
    }
}
