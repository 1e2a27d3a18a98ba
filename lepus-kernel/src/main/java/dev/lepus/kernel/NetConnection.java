package dev.lepus.kernel;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import dev.lepus.api.net.CloseReason;
import dev.lepus.api.net.WriteResult;

/**
 * A TCP connection of a component, registered with its kernel's selector. Its input buffer holds what was read and
 * not consumed (only while there is some), its output buffer what was written and not yet sent (only while there is
 * some); both come from the kernel's {@link dev.lepus.kernel.net.BufferPool} and go back to it when they empty.
 *
 * <p>Thread contract: not threadsafe; its kernel's thread. Every public method asserts that the caller is a handler
 * of the owning component.
 *
 * <pre>
 * CONNECTING -> OPEN      the connect finished (onConnected)
 * CONNECTING -> CLOSED    the connect failed or timed out (onClosed)
 * OPEN       -> CLOSING   close(): the queued output is still being written
 * OPEN       -> CLOSED    end of stream, an I/O error, abort(), a limit or a timeout (onClosed)
 * CLOSING    -> CLOSED    the output was written, or writing failed (onClosed)
 * </pre>
 */
final class NetConnection extends ConnectionView {

    static final int CONNECTING = 0;
    static final int OPEN = 1;
    static final int CLOSING = 2;
    static final int CLOSED = 3;

    final KernelNet net;
    final long id;
    final SocketChannel channel;
    /** The listener that accepted it, or null for a connection this node made. */
    final NetListener listener;
    final int inputLimit;
    final int outputLimit;
    final NetEvent readEvent;
    final NetEvent writableEvent;
    String remote;
    Cell owner;
    SelectionKey key;
    /** The interest set last given to the selector. */
    int interest;
    int state;
    /** Read and not consumed, in write mode (the bytes are [0, position)); null while there are none. */
    ByteBuffer in;
    /** Written and not yet sent, in write mode; null while there is nothing. */
    ByteBuffer out;
    /** Reading is paused by the component. */
    boolean paused;
    /** A write was refused: tell the component when the output drains to half the limit. */
    boolean wantWritable;
    /** In the kernel's list of connections to flush at the end of the duty cycle. */
    boolean dirty;
    long idleTimeoutNs;
    long lastReadNs;
    /** While connecting: when it fails. */
    long connectDeadlineNs;
    /** Its index in the kernel's list of connections. */
    int index = -1;

    NetConnection(final KernelNet net, final long id, final SocketChannel channel, final NetListener listener,
            final Cell owner, final int inputLimit, final int outputLimit, final String remote, final int state) {
        this.net = net;
        this.id = id;
        this.channel = channel;
        this.listener = listener;
        this.owner = owner;
        this.inputLimit = inputLimit;
        this.outputLimit = outputLimit;
        this.remote = remote;
        this.state = state;
        this.readEvent = new NetEvent(NetEvent.READ, this, null);
        this.writableEvent = new NetEvent(NetEvent.WRITABLE, this, null);
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
        final int len = src.remaining();
        final WriteResult r = admit(len);
        if (r == WriteResult.OK) {
            final Recorder rec = net.kernel.recorder;
            if (rec != null) {
                rec.netWrite(owner, id, src.duplicate());
            }
            out.put(src);
            net.markDirty(this);
        }
        return r;
    }

    @Override
    public WriteResult write(final byte[] src, final int off, final int len) {
        java.util.Objects.checkFromIndexSize(off, len, src.length);
        final WriteResult r = admit(len);
        if (r == WriteResult.OK) {
            final Recorder rec = net.kernel.recorder;
            if (rec != null) {
                rec.netWrite(owner, id, ByteBuffer.wrap(src, off, len));
            }
            out.put(src, off, len);
            net.markDirty(this);
        }
        return r;
    }

    /**
     * Makes room for {@code len} more bytes of output, or says why not. A write is refused when the bytes already
     * queued and it would pass the output limit; a write to an empty queue is always taken, so that one reply larger
     * than the limit can still be sent.
     */
    private WriteResult admit(final int len) {
        net.kernel.assertOwner(owner, "write to a connection");
        if (state >= CLOSING) {
            return refused(WriteResult.CLOSED);
        }
        final int queued = out == null ? 0 : out.position();
        if (queued > 0 && (long) queued + len > outputLimit) {
            wantWritable = true;
            net.kernel.counters.netWritesRefused++;
            return refused(WriteResult.FULL);
        }
        if (out == null) {
            out = net.pool.acquire(Math.max(len, 1));
        } else if (out.remaining() < len) {
            out = net.pool.grow(out, queued + len);
        }
        return WriteResult.OK;
    }

    /** A refused write's result, journaled (replay hands it to the same write). */
    private WriteResult refused(final WriteResult r) {
        final Recorder rec = net.kernel.recorder;
        if (rec != null) {
            rec.result(owner, Recorder.OUT_NET, r.ordinal());
        }
        return r;
    }

    @Override
    public int writeRoom() {
        final int room = state >= CLOSING ? 0 : Math.max(0, outputLimit - (out == null ? 0 : out.position()));
        final Recorder rec = net.kernel.recorder;
        if (rec != null) {
            rec.result(owner, Recorder.OUT_NET, room); // depends on how fast the peer reads: an input
        }
        return room;
    }

    @Override
    public void pauseReading() {
        net.kernel.assertOwner(owner, "pause a connection");
        if (!paused && state == OPEN) {
            paused = true;
            net.updateInterest(this);
        }
    }

    @Override
    public void resumeReading() {
        net.kernel.assertOwner(owner, "resume a connection");
        if (paused && state == OPEN) {
            paused = false;
            net.updateInterest(this);
            if (in != null && in.position() > 0) {
                net.queueRead(this); // what was left unconsumed is presented again
            }
        }
    }

    @Override
    public void close() {
        net.kernel.assertOwner(owner, "close a connection");
        final Recorder rec = net.kernel.recorder;
        if (!seenClosed && rec != null) {
            rec.netClose(owner, id, false); // as the component sees it (replay has nothing else to go by)
        }
        seenClosed = true;
        if (state == OPEN || state == CONNECTING) {
            state = CLOSING;
            net.markDirty(this); // the flush at the end of the cycle closes it once the output is written
        }
    }

    @Override
    public void abort() {
        net.kernel.assertOwner(owner, "abort a connection");
        seenClosed = true;
        final Recorder rec = net.kernel.recorder;
        if (rec != null) {
            rec.netClose(owner, id, true);
        }
        if (state != CLOSED) {
            net.closeNow(this, CloseReason.CLOSED_BY_SELF, true);
        }
    }

    @Override
    public void idleTimeout(final Duration timeout) {
        net.kernel.assertOwner(owner, "set a connection's idle timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout " + timeout + " is negative");
        }
        idleTimeoutNs = timeout.toNanos();
        lastReadNs = net.kernel.nowNs;
    }

    /** Queued output bytes. */
    int queuedOutput() {
        return out == null ? 0 : out.position();
    }

    @Override
    public String toString() {
        return "Connection[" + id + " " + remote + " of '" + owner.name + "']";
    }
}
