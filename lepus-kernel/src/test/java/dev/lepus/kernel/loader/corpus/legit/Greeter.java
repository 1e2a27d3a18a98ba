package dev.lepus.kernel.loader.corpus.legit;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Legit: sends itself a greeting at start, logs it, and shuts the system down with exit code 7. */
@Manifest(name = "greeter")
public final class Greeter implements Component<Greeter.Greet> {

    /**
     * The protocol.
     *
     * @param name who to greet
     */
    public record Greet(String name) {
    }

    private int greeted;

    /** A fresh instance. */
    public Greeter() {
    }

    @Override
    public void onStart(final Context<Greet> ctx) {
        ctx.send(ctx.self(), new Greet(ctx.config().string("name", "Lepus")));
    }

    @Override
    public void onMessage(final Context<Greet> ctx, final Greet message) {
        greeted++;
        ctx.log("hello, " + message.name() + " (" + greeted + ")");
        ctx.shutdown(7);
    }
}
