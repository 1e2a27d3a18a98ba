package dev.lepus.examples.badges;

import java.util.Map;
import java.util.TreeMap;

import dev.lepus.api.Component;
import dev.lepus.api.Context;

/**
 * Keeps one balance per client, keyed by the badge of the cap the client holds. A client cannot claim another's
 * balance: the badge is set by whoever granted the cap, and the kernel delivers it with every message. When
 * {@code clients} clients are done, it prints the balances and shuts the system down.
 */
public final class LedgerServer implements Component<Ledger> {

    private final Map<Long, Long> balances = new TreeMap<>();
    private int done;

    /** A ledger with no balances. */
    public LedgerServer() {
    }

    @Override
    public void onMessage(final Context<Ledger> ctx, final Ledger message) {
        final long client = ctx.badge();
        switch (message) {
            case Ledger.Deposit(long amount) -> balances.merge(client, amount, Long::sum);
            case Ledger.Done() -> {
                if (++done == ctx.config().intValue("clients", 2)) {
                    balances.forEach((badge, balance) -> ctx.log("client with badge " + badge + ": " + balance));
                    ctx.shutdown(0);
                }
            }
        }
    }
}
