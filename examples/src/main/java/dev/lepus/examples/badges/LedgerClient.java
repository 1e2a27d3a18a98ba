package dev.lepus.examples.badges;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;

/** Deposits {@code deposits} times {@code amount} through its cap to the ledger, then says it is done. */
public final class LedgerClient implements Component<Ledger> {

    /** A client. */
    public LedgerClient() {
    }

    @Override
    public void onStart(final Context<Ledger> ctx) {
        final Cap<Ledger> ledger = ctx.granted("ledger");
        final long amount = ctx.config().longValue("amount", 1);
        for (int i = 0; i < ctx.config().intValue("deposits", 10); i++) {
            ctx.send(ledger, new Ledger.Deposit(amount));
        }
        ctx.send(ledger, new Ledger.Done());
    }

    @Override
    public void onMessage(final Context<Ledger> ctx, final Ledger message) {
    }
}
