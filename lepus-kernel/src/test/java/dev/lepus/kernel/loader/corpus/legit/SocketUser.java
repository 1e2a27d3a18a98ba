package dev.lepus.kernel.loader.corpus.legit;

import java.io.IOException;
import java.net.ServerSocket;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Legit: declares NET and opens a socket. */
@Manifest(name = "sockets", groups = {ApiGroup.CORE, ApiGroup.NET})
public final class SocketUser implements Component<String> {

    /** A fresh instance. */
    public SocketUser() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        try (ServerSocket socket = new ServerSocket()) {
            ctx.log("bound: " + socket.isBound());
        } catch (final IOException ex) {
            ctx.log("cannot open a socket: " + ex.getMessage());
        }
    }
}
