package dev.lepus.kernel.net;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.api.net.CloseReason;
import dev.lepus.api.net.Connection;
import dev.lepus.api.net.ListenOptions;
import dev.lepus.api.net.NetHandler;
import dev.lepus.api.net.NetInput;

/**
 * For the tests of connect and hand-over: listens without sharing the port and hands every connection it accepts to
 * the component granted as {@code worker}; on a message {@code "connect PORT TEXT"} it connects to that port, writes
 * the text, and publishes in {@link #RECEIVED} what comes back.
 */
@Manifest(name = "relay", groups = {ApiGroup.CORE, ApiGroup.NET})
public final class Relay implements Component<Object>, NetHandler<Object> {

    /** The port its listener got. */
    public static final BlockingQueue<Integer> PORTS = new LinkedBlockingQueue<>();
    /** What its outgoing connections read back, and how they closed. */
    public static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();

    private final StringBuilder back = new StringBuilder();
    private int expected;

    @Override
    public void onStart(final Context<Object> ctx) {
        PORTS.add(ctx.net().listen(ListenOptions.port(0).reusePort(false)).port());
    }

    @Override
    public void onMessage(final Context<Object> ctx, final Object message) {
        final String[] m = ((String) message).split(" ", 3);
        final Connection c = ctx.net().connect("127.0.0.1", Integer.parseInt(m[1]), Duration.ofSeconds(5));
        expected = m[2].length();
        c.write(dev.lepus.api.Bytes.utf8(m[2]));
    }

    @Override
    public void onAccepted(final Context<Object> ctx, final Connection c) {
        if (!ctx.net().handOver(c, ctx.<Object>granted("worker"))) {
            RECEIVED.add("hand-over refused");
        }
    }

    @Override
    public void onConnected(final Context<Object> ctx, final Connection c) {
        RECEIVED.add("connected");
    }

    @Override
    public void onRead(final Context<Object> ctx, final Connection c, final NetInput in) {
        back.append(in.take(in.readable()).utf8());
        if (back.length() >= expected) {
            RECEIVED.add(back.toString());
            back.setLength(0);
            c.close();
        }
    }

    @Override
    public void onClosed(final Context<Object> ctx, final Connection c, final CloseReason reason) {
        RECEIVED.add("closed " + reason);
    }
}
