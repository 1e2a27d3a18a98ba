package dev.lepus.kernel.loader.corpus.hostile;

import java.io.IOException;
import java.net.Socket;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Opens a socket without declaring NET. Breaks NET. */
@Manifest(name = "OpensSocketWithoutNet")
public final class OpensSocketWithoutNet implements Component<String> {

    /** A fresh instance. */
    public OpensSocketWithoutNet() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        try (Socket socket = new Socket()) {
            ctx.log("bound: " + socket.isBound());
        } catch (final IOException ex) {
            ctx.log(ex.getMessage());
        }
    }
}
