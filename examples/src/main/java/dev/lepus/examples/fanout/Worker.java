package dev.lepus.examples.fanout;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;

/** Counts work until every source said done, then reports to the coordinator, retrying while it is refused. */
final class Worker implements Component<FanoutProtocol> {

    private final Cap<FanoutProtocol> coordinator;
    private final int sources;
    private long received;
    private long sum;
    private int done;

    Worker(final Cap<FanoutProtocol> coordinator, final int sources) {
        this.coordinator = coordinator;
        this.sources = sources;
    }

    @Override
    public void onMessage(final Context<FanoutProtocol> ctx, final FanoutProtocol message) {
        switch (message) {
            case FanoutProtocol.Work w -> {
                received++;
                sum += w.value();
            }
            case FanoutProtocol.Done d -> {
                if (++done == sources) {
                    report(ctx);
                }
            }
            case FanoutProtocol.Continue c -> report(ctx);
            default -> throw new IllegalArgumentException("unexpected " + message);
        }
    }

    /** Sends the count; if the coordinator's mailbox or the channel is full, tries again after other work. */
    private void report(final Context<FanoutProtocol> ctx) {
        if (!ctx.send(coordinator, new FanoutProtocol.Count(received, sum)).accepted()) {
            ctx.send(ctx.self(), new FanoutProtocol.Continue());
        }
    }
}
