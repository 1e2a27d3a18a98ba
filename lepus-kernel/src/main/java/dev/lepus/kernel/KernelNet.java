package dev.lepus.kernel;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.function.Consumer;

import dev.lepus.api.net.CloseReason;
import dev.lepus.api.net.ListenOptions;
import dev.lepus.api.net.NetException;
import dev.lepus.api.net.NetHandler;
import dev.lepus.kernel.net.BufferPool;
import dev.lepus.kernel.net.InputView;

/**
 * A kernel's sockets: one selector that the kernel polls in its duty cycle (and sleeps in when idle), the listeners
 * and connections of its components, the off-heap buffers they read into and write from, and the events it queues in
 * their owners' mailboxes.
 *
 * <p>Thread contract: not threadsafe; its kernel's thread only, except {@link #wakeUp()}, which is threadsafe.
 *
 * <p>What a duty cycle does with sockets: {@link #poll} (a non-blocking select) accepts new connections, finishes
 * connects, sends what a full socket could not take before, and queues a read event for each readable connection
 * (at most one queued per connection); the read itself happens when the owner's turn comes ({@link #handle}), into a
 * buffer of this kernel, so the handler sees bytes that are as fresh as possible and nothing is copied unless the
 * handler leaves bytes unconsumed. After the cycle's handlers ran and the journal was committed, {@link #flush}
 * writes each connection that was written to, once: the replies to a pipelined batch leave in one system call.
 */
final class KernelNet {

    /** The bytes one read takes at most. */
    static final int READ_BUFFER_BYTES = 64 * 1024;
    /** Free buffers the pool keeps at most. */
    static final long POOL_RETAINED_BYTES = 64L << 20;
    /** Connections one listener accepts per poll at most. */
    static final int ACCEPTS_PER_POLL = 64;
    /** How often idle timeouts and connect timeouts are checked. */
    static final long SWEEP_PERIOD_NS = 50_000_000L;

    /** Whether the host lets several sockets listen on one port ({@code SO_REUSEPORT}). */
    static final boolean REUSE_PORT = reusePortSupported();

    final Kernel kernel;
    final BufferPool pool = new BufferPool(POOL_RETAINED_BYTES);
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final InputView view = new InputView();
    private final ArrayList<NetConnection> dirty = new ArrayList<>();
    private final ArrayList<NetConnection> connections = new ArrayList<>();
    private final ArrayList<NetListener> listeners = new ArrayList<>();
    /** Connections to give to other components after this cycle: pairs of (connection, target endpoint). */
    private final ArrayList<Object[]> handOvers = new ArrayList<>();
    private final Consumer<SelectionKey> onReady = this::onReady;
    private long connectionCounter;
    private long nextSweepNs;
    private int handled;

    KernelNet(final Kernel kernel) {
        this.kernel = kernel;
        try {
            this.selector = Selector.open();
        } catch (final IOException ex) {
            throw new NetException("kernel " + kernel.index + " cannot open a selector: " + ex.getMessage(), ex);
        }
    }

    private static boolean reusePortSupported() {
        try (ServerSocketChannel ch = ServerSocketChannel.open()) {
            return ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (final IOException ex) {
            return false;
        }
    }

    // ---------------------------------------------------------------- the duty cycle

    /** A non-blocking look at the sockets; returns how many needed something. */
    int poll(final long nowNs) {
        handled = 0;
        try {
            selector.selectNow(onReady);
        } catch (final IOException ex) {
            kernel.node.reportError(new IllegalStateException("kernel " + kernel.index + ": select failed", ex));
        }
        if (nowNs - nextSweepNs >= 0) {
            nextSweepNs = nowNs + SWEEP_PERIOD_NS;
            sweep(nowNs);
        }
        return handled;
    }

    /** Sleeps in the selector, at most {@code maxNs} (rounded up to a millisecond), until a socket or a wake-up. */
    void sleep(final long maxNs) {
        try {
            selector.select(onReady, Math.max(1, maxNs / 1_000_000));
        } catch (final IOException ex) {
            kernel.node.reportError(new IllegalStateException("kernel " + kernel.index + ": select failed", ex));
        }
    }

    /** Wakes the kernel from {@link #sleep}. Threadsafe. */
    void wakeUp() {
        selector.wakeup();
    }

    private void onReady(final SelectionKey key) {
        handled++;
        try {
            final Object a = key.attachment();
            if (a instanceof NetConnection c) {
                final int ops = key.readyOps();
                if ((ops & SelectionKey.OP_CONNECT) != 0) {
                    finishConnect(c);
                }
                if ((ops & SelectionKey.OP_WRITE) != 0 && c.state != NetConnection.CONNECTING) {
                    flushOne(c);
                }
                if ((ops & SelectionKey.OP_READ) != 0) {
                    queueRead(c);
                }
            } else if (a instanceof NetListener l) {
                accept(l);
            }
        } catch (final CancelledKeyException closedMeanwhile) {
            // closed earlier in this cycle: nothing to do
        }
    }

    /** Queues a read event for the connection's owner, unless one is queued or reading is paused. */
    void queueRead(final NetConnection c) {
        if (!c.readEvent.queued && c.state == NetConnection.OPEN && !c.paused) {
            c.readEvent.queued = true;
            kernel.queueNet(c.owner, c.readEvent);
        }
    }

    /** Connection ids: this kernel's index in the top 16 bits, a counter below (as component ids). */
    private long nextId() {
        return ((long) kernel.index << 48) | ++connectionCounter;
    }

    private void accept(final NetListener l) {
        for (int i = 0; i < ACCEPTS_PER_POLL && !l.closed; i++) {
            final SocketChannel ch;
            try {
                ch = l.channel.accept();
            } catch (final IOException ex) {
                kernel.node.reportError(new IllegalStateException(l + ": accept failed", ex));
                return;
            }
            if (ch == null) {
                return;
            }
            if (l.open >= l.options.maxConnections()) {
                kernel.counters.netRefusedConnections++;
                reset(ch);
                continue;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                final NetConnection c = new NetConnection(this, nextId(), ch, l, l.owner, l.options.inputLimit(),
                    l.options.outputLimit(), address(ch.getRemoteAddress()), NetConnection.OPEN);
                c.idleTimeoutNs = l.options.idleTimeout().toNanos();
                c.lastReadNs = kernel.nowNs;
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                c.interest = SelectionKey.OP_READ;
                add(c);
                l.open++;
                kernel.counters.netAccepted++;
                kernel.queueNet(l.owner, new NetEvent(NetEvent.ACCEPTED, c, null));
            } catch (final IOException ex) {
                reset(ch); // the peer went away before it could be set up
            }
        }
    }

    private void finishConnect(final NetConnection c) {
        try {
            if (c.channel.finishConnect()) {
                c.state = NetConnection.OPEN;
                c.remote = address(c.channel.getRemoteAddress());
                c.lastReadNs = kernel.nowNs;
                updateInterest(c);
                kernel.queueNet(c.owner, new NetEvent(NetEvent.CONNECTED, c, null));
                if (c.queuedOutput() > 0) {
                    markDirty(c);
                }
            }
        } catch (final IOException ex) {
            closeNow(c, CloseReason.CONNECT_FAILED, true);
        }
    }

    /** Idle timeouts and connect timeouts. */
    private void sweep(final long nowNs) {
        for (int i = connections.size() - 1; i >= 0; i--) {
            final NetConnection c = connections.get(i);
            if (c.state == NetConnection.CONNECTING && nowNs - c.connectDeadlineNs > 0) {
                closeNow(c, CloseReason.CONNECT_TIMEOUT, true);
            } else if (c.idleTimeoutNs > 0 && c.state == NetConnection.OPEN && nowNs - c.lastReadNs > c.idleTimeoutNs) {
                kernel.counters.netIdleTimeouts++;
                closeNow(c, CloseReason.IDLE_TIMEOUT, false);
            }
        }
    }

    /** Writes every connection written to in this cycle; after the journal's commit (output commit). */
    void flush() {
        final ArrayList<NetConnection> d = dirty;
        for (int i = 0; i < d.size(); i++) {
            final NetConnection c = d.get(i);
            c.dirty = false;
            if (c.state != NetConnection.CLOSED && c.state != NetConnection.CONNECTING) {
                flushOne(c);
            }
        }
        d.clear();
        if (!handOvers.isEmpty()) {
            completeHandOvers();
        }
    }

    void markDirty(final NetConnection c) {
        if (!c.dirty) {
            c.dirty = true;
            dirty.add(c);
        }
    }

    private void flushOne(final NetConnection c) {
        final ByteBuffer out = c.out;
        if (out != null && out.position() > 0) {
            out.flip();
            try {
                final int n = c.channel.write(out);
                kernel.counters.netBytesWritten += n;
            } catch (final IOException ex) {
                out.compact();
                closeNow(c, CloseReason.IO_ERROR, true);
                return;
            }
            out.compact();
        }
        final int queued = c.queuedOutput();
        if (queued == 0 && c.out != null) {
            pool.release(c.out);
            c.out = null;
        }
        if (c.state == NetConnection.CLOSING && queued == 0) {
            closeNow(c, CloseReason.CLOSED_BY_SELF, false);
            return;
        }
        if (c.wantWritable && c.state == NetConnection.OPEN && queued <= c.outputLimit / 2) {
            c.wantWritable = false;
            if (!c.writableEvent.queued) {
                c.writableEvent.queued = true;
                kernel.queueNet(c.owner, c.writableEvent);
            }
        }
        updateInterest(c);
    }

    /** Sets the selector's interest to what the connection needs now. */
    void updateInterest(final NetConnection c) {
        if (c.state == NetConnection.CLOSED || c.key == null) {
            return;
        }
        final int ops = c.state == NetConnection.CONNECTING ? SelectionKey.OP_CONNECT
            : (c.paused || c.state == NetConnection.CLOSING ? 0 : SelectionKey.OP_READ)
                | (c.queuedOutput() > 0 ? SelectionKey.OP_WRITE : 0);
        if (ops != c.interest) {
            c.interest = ops;
            c.key.interestOps(ops);
        }
    }

    // ---------------------------------------------------------------- events, on the owner's turn

    /**
     * Handles a net event of cell {@code c}: for a read, reads the socket and calls {@code onRead}; else calls the
     * handler the event names. Journals the event first when the kernel journals.
     *
     * @return false if nothing was delivered (a read that found nothing, a connection gone meanwhile), so that no
     *     event is journaled
     */
    @SuppressWarnings("unchecked")
    boolean handle(final Cell c, final NetEvent e) {
        final NetConnection conn = e.connection;
        if (conn.owner != c) {
            e.queued = false;
            return false; // handed over since the event was queued
        }
        final NetHandler<Object> h = (NetHandler<Object>) c.component;
        final Recorder rec = kernel.recorder;
        switch (e.kind) {
            case NetEvent.READ -> {
                e.queued = false;
                return read(c, conn, h);
            }
            case NetEvent.WRITABLE -> {
                e.queued = false;
                if (conn.state != NetConnection.OPEN) {
                    return false;
                }
                if (rec != null) {
                    rec.netEvent(c, NetEvent.WRITABLE, conn.id, null, 0, null);
                }
                h.onWritable(c, conn);
            }
            case NetEvent.ACCEPTED -> {
                if (rec != null) {
                    rec.netEvent(c, NetEvent.ACCEPTED, conn.id, null, conn.listener == null ? 0 : conn.listener.port,
                        conn.remote);
                }
                h.onAccepted(c, conn);
            }
            case NetEvent.CONNECTED -> {
                if (rec != null) {
                    rec.netEvent(c, NetEvent.CONNECTED, conn.id, null, 0, conn.remote);
                }
                h.onConnected(c, conn);
            }
            case NetEvent.CLOSED -> {
                if (rec != null) {
                    rec.netEvent(c, NetEvent.CLOSED, conn.id, null, e.reason.ordinal(), null);
                }
                conn.seenClosed = true;
                h.onClosed(c, conn, e.reason);
            }
            default -> throw new IllegalStateException("unknown net event " + e);
        }
        return true;
    }

    private boolean read(final Cell c, final NetConnection conn, final NetHandler<Object> h) {
        if (conn.state != NetConnection.OPEN || conn.paused) {
            return false;
        }
        ByteBuffer buf = conn.in;
        if (buf == null && kernel.suspendable) {
            // L3, L4: a handler may suspend inside onRead (await) while this kernel reads other connections, so the
            // bytes it sees live in its connection's own buffer, not in the kernel's shared one.
            buf = conn.in = pool.acquire(BufferPool.MIN_SIZE);
        }
        final int n;
        try {
            if (buf != null) {
                if (!buf.hasRemaining()) {
                    buf = conn.in = pool.grow(buf, buf.capacity() << 1);
                }
                n = conn.channel.read(buf);
            } else {
                buf = readBuffer;
                buf.clear();
                n = conn.channel.read(buf);
            }
        } catch (final IOException ex) {
            closeNow(conn, CloseReason.IO_ERROR, true);
            return false;
        }
        if (n < 0) {
            closeNow(conn, CloseReason.CLOSED_BY_PEER, false);
            return false;
        }
        final int end = buf.position();
        if (n == 0 && end == 0) {
            return false;
        }
        conn.lastReadNs = kernel.nowNs;
        kernel.counters.netBytesRead += n;
        final Recorder rec = kernel.recorder;
        if (rec != null) {
            rec.netEvent(c, NetEvent.READ, conn.id, buf.slice(end - n, n), 0, null);
        }
        final InputView v = kernel.suspendable ? new InputView() : view;
        v.open(buf, 0, end);
        try {
            h.onRead(c, conn, v);
        } finally {
            keep(conn, buf, v.close(), end);
        }
        return true;
    }

    /** Keeps what the handler did not consume, in the connection's own buffer; closes it past its input limit. */
    private void keep(final NetConnection conn, final ByteBuffer buf, final int consumed, final int end) {
        if (conn.state == NetConnection.CLOSED) {
            return; // the handler closed it; its buffers went back already
        }
        final int left = end - consumed;
        if (buf == readBuffer) {
            if (left > 0) {
                conn.in = pool.acquire(Math.max(left, BufferPool.MIN_SIZE));
                conn.in.put(readBuffer.slice(consumed, left));
            }
        } else if (left == 0) {
            pool.release(buf);
            conn.in = null;
        } else {
            buf.limit(end).position(consumed);
            buf.compact();
        }
        if (left > conn.inputLimit) {
            kernel.counters.netInputLimits++;
            closeNow(conn, CloseReason.INPUT_LIMIT, true);
        }
    }

    // ---------------------------------------------------------------- component calls

    NetListener listen(final Cell c, final ListenOptions options) {
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open();
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (options.reusePort() && REUSE_PORT) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            ch.bind(new InetSocketAddress(options.host(), options.port()), options.backlog());
            ch.configureBlocking(false);
            final int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            final NetListener l = new NetListener(this, c, ch, options, port);
            l.key = ch.register(selector, SelectionKey.OP_ACCEPT, l);
            listeners.add(l);
            return l;
        } catch (final IOException | IllegalArgumentException | SecurityException ex) {
            close(ch);
            final String why = ex instanceof BindException ? ex.getMessage() + " (is another program listening there?)"
                : ex instanceof UnresolvedAddressException ? "unknown host" : ex.getMessage();
            throw new NetException("component '" + c.name + "' cannot listen on " + options.host() + ":"
                + options.port() + ": " + why, ex);
        }
    }

    NetConnection connect(final Cell c, final String host, final int port, final Duration timeout) {
        SocketChannel ch = null;
        final long id = nextId();
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final NetConnection conn = new NetConnection(this, id, ch, null, c, ListenOptions.DEFAULT_INPUT_LIMIT,
                ListenOptions.DEFAULT_OUTPUT_LIMIT, host + ":" + port, NetConnection.CONNECTING);
            conn.connectDeadlineNs = kernel.nowNs + timeout.toNanos();
            add(conn);
            final boolean done = ch.connect(new InetSocketAddress(host, port));
            conn.key = ch.register(selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, conn);
            conn.interest = done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT;
            if (done) {
                finishConnect(conn);
            }
            return conn;
        } catch (final IOException | IllegalArgumentException ex) {
            // The connection is returned closed; the component learns why from onClosed, as for a refused connect.
            final NetConnection failed = new NetConnection(this, id, ch, null, c, 1, 1, host + ":" + port,
                NetConnection.CLOSED);
            close(ch);
            kernel.queueNet(c, new NetEvent(NetEvent.CLOSED, failed, CloseReason.CONNECT_FAILED));
            return failed;
        }
    }

    /**
     * Schedules a hand-over through cap {@code via} for the end of this cycle (after the current handler kept the
     * connection's input); a cap that cannot send, or a target that stopped or has no {@link NetHandler}, closes the
     * connection instead ({@link CloseReason#HANDOVER_FAILED}).
     */
    boolean handOver(final Cell from, final NetConnection conn, final CapNode via) {
        if (conn.state != NetConnection.OPEN || conn.owner != from) {
            return false;
        }
        final boolean usable = !via.revoked && !via.deleted && (via.rights & dev.lepus.api.Cap.SEND) != 0;
        if (!usable || !(via.target instanceof Cell t) || t.state == Cell.STOPPED
                || !(t.component instanceof NetHandler)) {
            closeNow(conn, CloseReason.HANDOVER_FAILED, true);
            return false;
        }
        conn.owner = t; // no more events for the giver; the target's kernel adopts it after this cycle
        handOvers.add(new Object[] {conn, t});
        return true;
    }

    private void completeHandOvers() {
        for (final Object[] h : handOvers) {
            final NetConnection conn = (NetConnection) h[0];
            final Cell target = (Cell) h[1];
            if (conn.state == NetConnection.CLOSED) {
                continue;
            }
            if (conn.key != null) {
                conn.key.cancel();
            }
            remove(conn);
            if (conn.listener != null) {
                conn.listener.open--;
            }
            final ByteBuffer in = conn.in;
            final Kernel to = target.kernel;
            to.execute(() -> to.net().adopt(target, conn.channel, conn.remote, in, conn.inputLimit, conn.outputLimit));
        }
        handOvers.clear();
    }

    /** Takes a connection handed over by another component (maybe of another kernel). */
    void adopt(final Cell owner, final SocketChannel ch, final String remote, final ByteBuffer in, final int inputLimit,
            final int outputLimit) {
        if (owner.state == Cell.STOPPED) {
            reset(ch);
            return;
        }
        final NetConnection c = new NetConnection(this, nextId(), ch, null, owner, inputLimit, outputLimit, remote,
            NetConnection.OPEN);
        c.in = in;
        c.lastReadNs = kernel.nowNs;
        try {
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            c.interest = SelectionKey.OP_READ;
        } catch (final IOException ex) {
            reset(ch);
            return;
        }
        add(c);
        kernel.counters.netAccepted++;
        kernel.queueNet(owner, new NetEvent(NetEvent.ACCEPTED, c, null));
        if (in != null && in.position() > 0) {
            queueRead(c);
        }
    }

    void closeListener(final NetListener l) {
        l.closeChannel();
        listeners.remove(l);
    }

    // ---------------------------------------------------------------- closing

    /**
     * Closes a connection now and queues {@code onClosed} for its owner.
     *
     * @param reset whether to reset it (drop unsent output; the peer sees a reset, not an orderly end)
     */
    void closeNow(final NetConnection c, final CloseReason reason, final boolean reset) {
        if (release(c, reset)) {
            kernel.queueNet(c.owner, new NetEvent(NetEvent.CLOSED, c, reason));
        }
    }

    /** Closes the socket and gives the buffers back; false if it was closed already. */
    private boolean release(final NetConnection c, final boolean reset) {
        if (c.state == NetConnection.CLOSED) {
            return false;
        }
        c.state = NetConnection.CLOSED;
        if (c.key != null) {
            c.key.cancel();
        }
        if (reset) {
            reset(c.channel);
        } else {
            close(c.channel);
        }
        if (c.in != null) {
            pool.release(c.in);
            c.in = null;
        }
        if (c.out != null) {
            pool.release(c.out);
            c.out = null;
        }
        remove(c);
        if (c.listener != null) {
            c.listener.open--;
        }
        kernel.counters.netClosed++;
        return true;
    }

    /** Closes every socket of a component that stopped or restarts, without events (its instance is gone). */
    void closeAll(final Cell c) {
        for (int i = connections.size() - 1; i >= 0; i--) {
            final NetConnection conn = connections.get(i);
            if (conn.owner == c) {
                release(conn, true);
            }
        }
        for (int i = listeners.size() - 1; i >= 0; i--) {
            if (listeners.get(i).owner == c) {
                listeners.remove(i).closeChannel();
            }
        }
    }

    /** Closes everything: the kernel is closing. */
    void close() {
        for (int i = connections.size() - 1; i >= 0; i--) {
            release(connections.get(i), true);
        }
        for (final NetListener l : listeners) {
            l.closeChannel();
        }
        listeners.clear();
        try {
            selector.close();
        } catch (final IOException ignored) {
            // closing
        }
    }

    private void add(final NetConnection c) {
        c.index = connections.size();
        connections.add(c);
    }

    private void remove(final NetConnection c) {
        final int i = c.index;
        if (i < 0) {
            return;
        }
        final NetConnection last = connections.removeLast();
        if (last != c) {
            connections.set(i, last);
            last.index = i;
        }
        c.index = -1;
    }

    private static void reset(final SocketChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            if (ch.isOpen()) {
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (final IOException | UnsupportedOperationException ignored) {
            // closed already, or not a TCP socket
        }
        close(ch);
    }

    private static void close(final java.nio.channels.Channel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (final IOException ignored) {
            // nothing more to do with it
        }
    }

    private static String address(final SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return String.valueOf(a);
    }
}
