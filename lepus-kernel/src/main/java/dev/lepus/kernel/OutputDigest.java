package dev.lepus.kernel;

import dev.lepus.api.Cap;
import dev.lepus.kernel.codec.CapResolver;
import dev.lepus.kernel.codec.CodecBuffer;

/**
 * Mixes a component's outputs into the digest of the event that made them. The recorder and replay both use it, so
 * that the same outputs give the same digest in the recording and in the replay: caps are named by their endpoint's
 * journal key, rights and badge, messages by their canonical encoding.
 *
 * <p>Thread contract: confined to one thread (its reusable buffer).
 */
final class OutputDigest {

    /** Names caps by content: the same cap digests the same in the recording and in the replay. */
    private static final CapResolver CAPS_BY_CONTENT = new CapResolver() {
        @Override
        public long idOf(final Cap<?> cap) {
            return Digest.finish(mixCap(Digest.EMPTY, CapIssuer.node(cap)));
        }

        @Override
        public Cap<?> capOf(final long id) {
            throw new UnsupportedOperationException("digests are not decoded");
        }
    };

    private final MessageCodec codec;
    private final MessageCodec.TypeListener types;
    private final CodecBuffer buffer = new CodecBuffer();

    OutputDigest(final MessageCodec codec, final MessageCodec.TypeListener types) {
        this.codec = codec;
        this.types = types;
    }

    long send(final long h, final CapNode via, final Object message) {
        return message(mixCap(Digest.mix(h, Recorder.OUT_SEND), via), message);
    }

    long ask(final long h, final CapNode via, final Object request, final long timeoutNs) {
        return Digest.mix(message(mixCap(Digest.mix(h, Recorder.OUT_ASK), via), request), timeoutNs);
    }

    long timer(final long h, final long delayNs, final long periodNs, final Object message) {
        return message(Digest.mix(Digest.mix(Digest.mix(h, Recorder.OUT_TIMER), delayNs), periodNs), message);
    }

    long mint(final long h, final CapNode from, final int rights, final long badge) {
        return Digest.mix(Digest.mix(mixCap(Digest.mix(h, Recorder.OUT_MINT), from), rights), badge);
    }

    /** Any other output: a kind, an optional cap, an optional text, a number. */
    long other(final long h0, final int kind, final CapNode cap, final String text, final long n) {
        long h = Digest.mix(h0, kind);
        if (cap != null) {
            h = mixCap(h, cap);
        }
        if (text != null) {
            h = Digest.mix(h, text);
        }
        return Digest.mix(h, n);
    }

    /**
     * Bytes queued on a connection, mixed as {@link Digest#mix(long, byte[], int, int)} mixes an array (the buffer's
     * position is left as it was; a direct buffer's bytes are copied first: only when journaling).
     */
    static long netWrite(final long h0, final long connectionId, final java.nio.ByteBuffer data) {
        final long h = Digest.mix(Digest.mix(Digest.mix(h0, Recorder.OUT_NET), 1), connectionId);
        if (data.hasArray()) {
            return Digest.mix(h, data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        final byte[] copy = new byte[data.remaining()];
        data.get(data.position(), copy);
        return Digest.mix(h, copy, 0, copy.length);
    }

    static long mixCap(final long h, final CapNode n) {
        return Digest.mix(Digest.mix(Digest.mix(h, n.target.journalKey()), n.rights), n.badge);
    }

    private long message(final long h, final Object message) {
        final CodecBuffer b = buffer;
        b.clear();
        codec.encode(message, CAPS_BY_CONTENT, b, types);
        return Digest.mix(h, b.array(), 0, b.length());
    }
}
