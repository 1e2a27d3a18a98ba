package dev.lepus.kernel.loader.corpus.shared;

import java.io.IOException;
import java.net.Socket;

/** Opens a socket: network use, allowed only to components that declare NET. */
public final class SocketHelper {

    private SocketHelper() {
    }

    /** @return whether a fresh socket is bound */
    public static boolean probe() {
        try (Socket socket = new Socket()) {
            return socket.isBound();
        } catch (final IOException ex) {
            return false;
        }
    }
}
