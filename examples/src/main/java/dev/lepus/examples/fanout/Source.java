package dev.lepus.examples.fanout;

import java.util.List;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.SendResult;

/**
 * Sends {@code messages} pieces of work round-robin to the workers, in batches; when a mailbox or a channel is full it
 * yields (sends itself {@code Continue}) and resumes from the refused message, so nothing is lost. Then it tells every
 * worker it is done.
 */
final class Source implements Component<FanoutProtocol> {

    private static final int BATCH = 4096;
    private static final FanoutProtocol.Continue CONTINUE = new FanoutProtocol.Continue();
    private static final FanoutProtocol.Done DONE = new FanoutProtocol.Done();

    private final List<Cap<FanoutProtocol>> workers;
    private final long messages;
    private final long offset;
    private long sent;
    private int doneSent;
    private long refused;

    Source(final List<Cap<FanoutProtocol>> workers, final long messages, final long offset) {
        this.workers = workers;
        this.messages = messages;
        this.offset = offset;
    }

    @Override
    public void onStart(final Context<FanoutProtocol> ctx) {
        ctx.send(ctx.self(), CONTINUE);
    }

    @Override
    public void onMessage(final Context<FanoutProtocol> ctx, final FanoutProtocol message) {
        if (!(message instanceof FanoutProtocol.Continue)) {
            throw new IllegalArgumentException("unexpected " + message);
        }
        final List<Cap<FanoutProtocol>> ws = workers;
        final int n = ws.size();
        int budget = BATCH;
        while (sent < messages && budget-- > 0) {
            final int w = (int) ((sent + offset) % n);
            if (ctx.send(ws.get(w), new FanoutProtocol.Work(sent)) != SendResult.OK) {
                refused++;
                break;
            }
            sent++;
        }
        while (sent == messages && doneSent < n && budget-- > 0) {
            if (ctx.send(ws.get(doneSent), DONE) != SendResult.OK) {
                refused++;
                break;
            }
            doneSent++;
        }
        if (doneSent < n) {
            ctx.send(ctx.self(), CONTINUE);
        }
    }

    @Override
    public void onStop(final Context<FanoutProtocol> ctx) {
        if (refused > 0 && ctx.config().bool("verbose", false)) {
            ctx.log("refused sends retried: " + refused);
        }
    }
}
