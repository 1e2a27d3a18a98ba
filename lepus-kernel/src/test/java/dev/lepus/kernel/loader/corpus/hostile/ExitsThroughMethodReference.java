package dev.lepus.kernel.loader.corpus.hostile;

import java.util.function.IntConsumer;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Exits the JVM through a method reference (the call is a lambda's target, not an invoke instruction). Breaks PROCESS_CONTROL. */
@Manifest(name = "ExitsThroughMethodReference")
public final class ExitsThroughMethodReference implements Component<String> {

    /** A fresh instance. */
    public ExitsThroughMethodReference() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        final IntConsumer exit = System::exit;
        exit.accept(message.length());
    }
}
