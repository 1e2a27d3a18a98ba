package dev.lepus.kernel;

/**
 * A 64-bit running digest of a component's outputs during one event, for replay to compare against. Not
 * cryptographic: it detects divergence, it does not resist an adversary. Each step mixes one 64-bit word into the
 * state with a multiply and rotate (the shape of xxHash's round); {@link #finish} avalanches (SplitMix64's finaliser).
 *
 * <p>Thread contract: static functions of their arguments.
 */
final class Digest {

    /** The state of an event with no outputs yet. */
    static final long EMPTY = 0x9E3779B97F4A7C15L;

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;

    private Digest() {
    }

    /**
     * Mixes one word in.
     *
     * @param h the state
     * @param v the word
     * @return the new state
     */
    static long mix(final long h, final long v) {
        return Long.rotateLeft(h ^ Long.rotateLeft(v * P2, 31) * P1, 27) * P1 + 0x85EBCA77C2B2AE63L;
    }

    /**
     * Mixes bytes in, eight at a time, with their length.
     *
     * @param h the state
     * @param b the bytes
     * @param off the first
     * @param len how many
     * @return the new state
     */
    static long mix(long h, final byte[] b, final int off, final int len) {
        h = mix(h, len);
        int i = off;
        final int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = mix(h, (long) LONGS.get(b, i));
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (b[i] & 0xFFL) << shift;
        }
        return mix(h, tail);
    }

    /**
     * Mixes a string in, by its UTF-16 code units.
     *
     * @param h the state
     * @param s the string
     * @return the new state
     */
    static long mix(long h, final String s) {
        h = mix(h, s.length());
        for (int i = 0; i < s.length(); i++) {
            h = mix(h, s.charAt(i));
        }
        return h;
    }

    /**
     * The final avalanche.
     *
     * @param h the state
     * @return the digest
     */
    static long finish(long h) {
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    private static final java.lang.invoke.VarHandle LONGS =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
}
