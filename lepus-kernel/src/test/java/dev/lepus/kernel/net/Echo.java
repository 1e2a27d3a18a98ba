package dev.lepus.kernel.net;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.api.net.CloseReason;
import dev.lepus.api.net.Connection;
import dev.lepus.api.net.ListenOptions;
import dev.lepus.api.net.Listener;
import dev.lepus.api.net.NetHandler;
import dev.lepus.api.net.NetInput;
import dev.lepus.api.net.WriteResult;

/**
 * An echo server for the tests: listens on a port the host picks (published in {@link #ports}), writes back what it
 * reads; when a write is refused it stops reading from that connection until it drains. Reports every close.
 */
@Manifest(name = "echo", groups = {ApiGroup.CORE, ApiGroup.NET})
public final class Echo implements Component<Object>, NetHandler<Object> {

    /** The ports its listeners got, one per start. */
    public static final BlockingQueue<Integer> PORTS = new LinkedBlockingQueue<>();
    /** Why connections closed. */
    public static final BlockingQueue<CloseReason> CLOSES = new LinkedBlockingQueue<>();

    private final ListenOptions options;
    private final byte[] chunk = new byte[64 * 1024];

    /**
     * An echo server.
     *
     * @param options where to listen
     */
    public Echo(final ListenOptions options) {
        this.options = options;
    }

    @Override
    public void onStart(final Context<Object> ctx) {
        final Listener l = ctx.net().listen(options);
        PORTS.add(l.port());
    }

    @Override
    public void onMessage(final Context<Object> ctx, final Object message) {
        // nothing
    }

    @Override
    public void onRead(final Context<Object> ctx, final Connection c, final NetInput in) {
        while (in.readable() > 0) {
            final int n = Math.min(in.readable(), chunk.length);
            in.get(0, chunk, 0, n);
            final WriteResult r = c.write(chunk, 0, n);
            if (r != WriteResult.OK) {
                c.pauseReading(); // the client is not reading: stop reading from it until it does
                return;
            }
            in.skip(n);
        }
    }

    @Override
    public void onWritable(final Context<Object> ctx, final Connection c) {
        c.resumeReading();
    }

    @Override
    public void onClosed(final Context<Object> ctx, final Connection c, final CloseReason reason) {
        CLOSES.add(reason);
    }
}
