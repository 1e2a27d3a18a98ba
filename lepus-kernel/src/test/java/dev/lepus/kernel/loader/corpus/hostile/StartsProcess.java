package dev.lepus.kernel.loader.corpus.hostile;

import java.io.IOException;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Starts an operating-system process. Breaks PROCESS_CONTROL. */
@Manifest(name = "StartsProcess")
public final class StartsProcess implements Component<String> {

    /** A fresh instance. */
    public StartsProcess() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        try {
            new ProcessBuilder("true").start();
        } catch (final IOException ex) {
            ctx.log(ex.getMessage());
        }
    }
}
