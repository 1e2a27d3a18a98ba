package dev.lepus.kernel;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.lepus.api.Cap;
import dev.lepus.api.net.CloseReason;
import dev.lepus.api.net.Connection;
import dev.lepus.api.net.ListenOptions;
import dev.lepus.api.net.Listener;
import dev.lepus.api.net.Net;
import dev.lepus.api.net.NetHandler;
import dev.lepus.api.net.WriteResult;
import dev.lepus.kernel.net.InputView;

/**
 * The net API group of a replayed component: no socket is opened. What the live kernel journaled as inputs (the port a
 * listen got, a connect's connection id, refused writes, the room left, the bytes each read brought) comes from the
 * journal; every write, close and listen is mixed into the event's digest exactly as the {@link Recorder} mixed it.
 * The {@link Replayer} hands the journaled socket events to the component through {@link #deliver}.
 *
 * <p>Thread contract: confined to the replaying thread.
 */
final class ReplayNet implements Net {

    private final ReplayContext ctx;
    private final ReplayContext.Inputs inputs;
    private final Map<Long, ReplayConnection> connections = new HashMap<>();
    private final InputView view = new InputView();

    ReplayNet(final ReplayContext ctx, final ReplayContext.Inputs inputs) {
        this.ctx = ctx;
        this.inputs = inputs;
    }

    @Override
    public Listener listen(final ListenOptions options) {
        final int port = (int) inputs.take(Recorder.RESULT, "net().listen");
        ctx.netOutput("listen " + options.host() + ":" + options.port(), options.maxConnections());
        return new ReplayListener(options, port);
    }

    @Override
    public Connection connect(final String host, final int port, final Duration timeout) {
        final long id = inputs.take(Recorder.RESULT, "net().connect");
        ctx.netOutput("connect " + host, port);
        final ReplayConnection c = new ReplayConnection(id, host + ":" + port);
        connections.put(id, c);
        return c;
    }

    @Override
    public boolean reusePortSupported() {
        return inputs.take(Recorder.RESULT, "net().reusePortSupported") != 0;
    }

    @Override
    public boolean handOver(final Connection connection, final Cap<?> target) {
        final ReplayConnection c = (ReplayConnection) connection;
        final boolean done = inputs.take(Recorder.RESULT, "net().handOver") != 0;
        ctx.netOutput(CapIssuer.node(target), "hand over", c.id);
        c.seenClosed = true;
        connections.remove(c.id);
        return done;
    }

    /**
     * Hands a journaled socket event to the component.
     *
     * @param handler the component
     * @param kind the event's kind ({@link NetEvent})
     * @param id the connection's id
     * @param n the event's number (a close's reason)
     * @param text the event's text (the remote address of an accept or connect)
     * @param data the bytes a read brought, or null
     * @return a description for traces
     */
    String deliver(final NetHandler<Object> handler, final int kind, final long id, final long n, final String text,
            final byte[] data) {
        ReplayConnection c = connections.get(id);
        if (c == null) {
            c = new ReplayConnection(id, text);
            connections.put(id, c);
        }
        switch (kind) {
            case NetEvent.ACCEPTED -> {
                handler.onAccepted(ctx, c);
                return "connection " + id + " accepted from " + text;
            }
            case NetEvent.CONNECTED -> {
                c.remote = text;
                handler.onConnected(ctx, c);
                return "connection " + id + " connected to " + text;
            }
            case NetEvent.READ -> {
                c.append(data);
                view.open(c.in, 0, c.in.position());
                try {
                    handler.onRead(ctx, c, view);
                } finally {
                    c.keep(view.close());
                }
                return "read " + data.length + " bytes on connection " + id;
            }
            case NetEvent.WRITABLE -> {
                handler.onWritable(ctx, c);
                return "connection " + id + " writable";
            }
            case NetEvent.CLOSED -> {
                final CloseReason reason = CloseReason.values()[(int) n];
                c.seenClosed = true;
                connections.remove(id);
                handler.onClosed(ctx, c, reason);
                return "connection " + id + " closed: " + reason;
            }
            default -> throw new IllegalArgumentException("unknown socket event kind " + kind);
        }
    }

    /** A listener stand-in. */
    private final class ReplayListener implements Listener {
        private final ListenOptions options;
        private final int port;

        ReplayListener(final ListenOptions options, final int port) {
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
            return (int) inputs.take(Recorder.RESULT, "listener.connections");
        }

        @Override
        public void close() {
            ctx.netOutput("close listener", port);
        }
    }

    /** A connection stand-in: its input is rebuilt from the journaled reads, its output only digested. */
    private final class ReplayConnection extends ConnectionView {
        private final long id;
        private String remote;
        private ByteBuffer in = ByteBuffer.allocate(1024);

        ReplayConnection(final long id, final String remote) {
            this.id = id;
            this.remote = remote;
        }

        void append(final byte[] data) {
            if (in.remaining() < data.length) {
                final ByteBuffer bigger = ByteBuffer.allocate(Math.max(in.capacity() * 2, in.position() + data.length));
                in.flip();
                bigger.put(in);
                in = bigger;
            }
            in.put(data);
        }

        void keep(final int consumed) {
            in.flip().position(consumed);
            in.compact();
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public String remote() {
            return remote;
        }

        @Override
        public WriteResult write(final ByteBuffer src) {
            final Long refused = inputs.takeResultIf(Recorder.OUT_NET);
            if (refused != null) {
                return WriteResult.values()[refused.intValue()];
            }
            ctx.netWrite(id, src.duplicate());
            src.position(src.limit());
            return WriteResult.OK;
        }

        @Override
        public int writeRoom() {
            return (int) inputs.take(Recorder.RESULT, "connection.writeRoom");
        }

        @Override
        public void pauseReading() {
            // the journal holds only the reads that were delivered
        }

        @Override
        public void resumeReading() {
            // as pauseReading
        }

        @Override
        public void close() {
            final boolean open = !seenClosed;
            seenClosed = true;
            if (open) {
                ctx.netOutput("close", id);
            }
        }

        @Override
        public void abort() {
            seenClosed = true;
            ctx.netOutput("abort", id);
        }

        @Override
        public void idleTimeout(final Duration timeout) {
            // its effect, a close, is a journaled event
        }

    }
}
