package dev.lepus.examples.durable;

import java.util.HashMap;
import java.util.Map;

import dev.lepus.api.Component;
import dev.lepus.api.Context;

/**
 * Keeps, per ticker, the highest count it heard and how many bumps it got, and logs every hundredth bump. A bump in
 * flight between two kernels when the process dies is lost (delivery between components is at most once across a
 * crash), so after a restart the ledger may have fewer bumps than the tickers' counts: never more.
 */
public final class Ledger implements Component<Ledger.Msg> {

    /** The protocol. */
    public sealed interface Msg {
        /**
         * A ticker's new count.
         *
         * @param from the ticker's name
         * @param count its count
         */
        record Bump(String from, long count) implements Msg {
        }
    }

    private final Map<String, Long> highest = new HashMap<>();
    private long bumps;

    /** An empty ledger. */
    public Ledger() {
    }

    @Override
    public void onMessage(final Context<Msg> ctx, final Msg message) {
        if (message instanceof Msg.Bump b) {
            highest.merge(b.from(), b.count(), Math::max);
            bumps++;
            if (bumps % 100 == 0) {
                ctx.log("bumps " + bumps + " highest " + new java.util.TreeMap<>(highest));
            }
        }
    }
}
