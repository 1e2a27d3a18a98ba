package dev.lepus.kernel;

import java.time.Duration;
import java.util.Objects;

import dev.lepus.api.Cap;
import dev.lepus.api.net.Connection;
import dev.lepus.api.net.ListenOptions;
import dev.lepus.api.net.Listener;
import dev.lepus.api.net.Net;
import dev.lepus.api.net.NetHandler;

/**
 * The net API group of one component ({@code ctx.net()}): its calls go to its kernel's {@link KernelNet}.
 *
 * <p>Thread contract: not threadsafe; the component's handlers, on its kernel.
 */
final class CellNet implements Net {

    private final Cell cell;

    CellNet(final Cell cell) {
        this.cell = cell;
    }

    @Override
    public Listener listen(final ListenOptions options) {
        Objects.requireNonNull(options, "options");
        requireHandler("listen");
        final NetListener l = cell.kernel.net().listen(cell, options);
        final Recorder rec = cell.kernel.recorder;
        if (rec != null) {
            rec.netListen(cell, options, l.port());
        }
        return l;
    }

    @Override
    public Connection connect(final String host, final int port, final Duration timeout) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
        requireHandler("connect");
        final NetConnection c = cell.kernel.net().connect(cell, host, port, timeout);
        final Recorder rec = cell.kernel.recorder;
        if (rec != null) {
            rec.netConnect(cell, host, port, c.id);
        }
        return c;
    }

    @Override
    public boolean reusePortSupported() {
        final Recorder rec = cell.kernel.recorder;
        if (rec != null) {
            rec.result(cell, Recorder.OUT_NET, KernelNet.REUSE_PORT ? 1 : 0); // a fact of the host: an input
        }
        return KernelNet.REUSE_PORT;
    }

    @Override
    public boolean handOver(final Connection connection, final Cap<?> target) {
        if (!(connection instanceof NetConnection c) || c.net.kernel != cell.kernel) {
            throw new IllegalArgumentException("not a connection of component '" + cell.name + "': " + connection);
        }
        final CapNode via = CapIssuer.node(target);
        final boolean done = c.net.handOver(cell, c, via);
        c.seenClosed = true; // gone from this component either way
        final Recorder rec = cell.kernel.recorder;
        if (rec != null) {
            rec.result(cell, Recorder.OUT_NET, done ? 1 : 0);
            rec.output(cell, Recorder.OUT_NET, via, "hand over", c.id);
        }
        return done;
    }

    private void requireHandler(final String call) {
        if (!(cell.component instanceof NetHandler)) {
            throw new IllegalStateException("component '" + cell.name + "' (" + cell.component.getClass().getName()
                + ") called net()." + call + "() but does not implement " + NetHandler.class.getName()
                + ", which receives its socket events");
        }
    }
}
