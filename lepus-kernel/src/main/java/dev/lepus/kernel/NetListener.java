package dev.lepus.kernel;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;

import dev.lepus.api.net.ListenOptions;
import dev.lepus.api.net.Listener;

/**
 * A listening socket of a component, registered with its kernel's selector.
 *
 * <p>Thread contract: not threadsafe; its kernel's thread.
 */
final class NetListener implements Listener {

    final KernelNet net;
    final Cell owner;
    final ServerSocketChannel channel;
    final ListenOptions options;
    final int port;
    SelectionKey key;
    /** Connections of this listener open now. */
    int open;
    boolean closed;

    NetListener(final KernelNet net, final Cell owner, final ServerSocketChannel channel, final ListenOptions options,
            final int port) {
        this.net = net;
        this.owner = owner;
        this.channel = channel;
        this.options = options;
        this.port = port;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public ListenOptions options() {
        return options;
    }

    @Override
    public int connections() {
        final Recorder rec = net.kernel.recorder;
        if (rec != null) {
            rec.result(owner, Recorder.OUT_NET, open); // accepts and closes happen between events: an input
        }
        return open;
    }

    @Override
    public void close() {
        net.kernel.assertOwner(owner, "close a listener");
        final Recorder rec = net.kernel.recorder;
        if (rec != null) {
            rec.output(owner, Recorder.OUT_NET, null, "close listener", port);
        }
        net.closeListener(this);
    }

    /** Closes the channel; kernel thread. */
    void closeChannel() {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (final IOException ignored) {
            // closing: nothing left to do with it
        }
    }

    @Override
    public String toString() {
        return "Listener[" + options.host() + ":" + port + " of '" + owner.name + "']";
    }
}
