package dev.lepus.kernel.codec;

import java.nio.charset.StandardCharsets;

/**
 * Strings to UTF-8 and back, strictly. A Java string may hold a lone surrogate, which UTF-8 cannot express; it is
 * written in its 3-byte form, as WTF-8 does, so that every string round-trips. A surrogate pair is always written as
 * one 4-byte sequence, so the encoding of a string is unique.
 *
 * <p>Thread contract: stateless, threadsafe.
 */
final class Wtf8 {

    private Wtf8() {
    }

    /**
     * Writes a string's length-prefixed encoding.
     *
     * @param out the buffer
     * @param s the string
     */
    static void write(final CodecBuffer out, final String s) {
        final int n = s.length();
        final int lo = CodecBuffer.varIntSize(n);
        if (n <= Integer.MAX_VALUE / 3 && lo == CodecBuffer.varIntSize(3 * n)) {
            // The byte length lies in [n, 3n], whose varints have one size: reserve it, write, then fill it in.
            out.ensure(lo + 3 * n);
            final int lenAt = out.length;
            final int end = encode(s, out.array, lenAt + lo);
            int v = end - lenAt - lo;
            final byte[] a = out.array;
            for (int i = 0; i < lo - 1; i++) {
                a[lenAt + i] = (byte) (v | 0x80);
                v >>>= 7;
            }
            a[lenAt + lo - 1] = (byte) v;
            out.length = end;
        } else {
            final long bytes = length(s);
            if (bytes > Integer.MAX_VALUE - 16) {
                throw new CodecException("string too long to encode", out.length - out.base);
            }
            out.writeVarInt((int) bytes);
            out.ensure((int) bytes);
            out.length = encode(s, out.array, out.length);
        }
    }

    /** The encoded length in bytes. */
    private static long length(final String s) {
        final int n = s.length();
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            final char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Encodes into dst from pos (room checked by the caller); returns the end. */
    private static int encode(final String s, final byte[] dst, final int pos) {
        final int n = s.length();
        int p = pos;
        int i = 0;
        while (i < n) {
            final char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            dst[p++] = (byte) c;
            i++;
        }
        for (; i < n; i++) {
            final char c = s.charAt(i);
            if (c < 0x80) {
                dst[p++] = (byte) c;
            } else if (c < 0x800) {
                dst[p++] = (byte) (0xC0 | (c >> 6));
                dst[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                final int cp = Character.toCodePoint(c, s.charAt(++i));
                dst[p++] = (byte) (0xF0 | (cp >> 18));
                dst[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                dst[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                dst[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                dst[p++] = (byte) (0xE0 | (c >> 12));
                dst[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                dst[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }

    /**
     * Decodes {@code len} bytes at {@code off}.
     *
     * @param src the bytes
     * @param off where the string's bytes start
     * @param len how many
     * @param base the start of the whole encoding, for error offsets
     * @return the string
     * @throws CodecException if the bytes are not well-formed (WTF-8 as written by {@link #write})
     */
    static String read(final byte[] src, final int off, final int len, final int base) {
        final int end = off + len;
        int i = off;
        while (i < end && src[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(src, off, len, StandardCharsets.ISO_8859_1);
        }
        final char[] chars = new char[len];
        int n = 0;
        for (int k = off; k < i; k++) {
            chars[n++] = (char) src[k];
        }
        boolean loneHigh = false;
        while (i < end) {
            final int b0 = src[i] & 0xFF;
            if (b0 < 0x80) {
                chars[n++] = (char) b0;
                i++;
                loneHigh = false;
                continue;
            }
            final int start = i;
            final int cp;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                cp = ((b0 & 0x1F) << 6) | cont(src, i + 1, end, 0x80, 0xBF, start, base);
                i += 2;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                final int lo = b0 == 0xE0 ? 0xA0 : 0x80;
                final int b1 = cont(src, i + 1, end, lo, 0xBF, start, base);
                cp = ((b0 & 0x0F) << 12) | (b1 << 6) | cont(src, i + 2, end, 0x80, 0xBF, start, base);
                i += 3;
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                final int lo = b0 == 0xF0 ? 0x90 : 0x80;
                final int hi = b0 == 0xF4 ? 0x8F : 0xBF;
                final int b1 = cont(src, i + 1, end, lo, hi, start, base);
                final int b2 = cont(src, i + 2, end, 0x80, 0xBF, start, base);
                cp = ((b0 & 0x07) << 18) | (b1 << 12) | (b2 << 6) | cont(src, i + 3, end, 0x80, 0xBF, start, base);
                i += 4;
            } else {
                throw bad(start, base);
            }
            if (cp >= Character.MIN_SUPPLEMENTARY_CODE_POINT) {
                chars[n++] = Character.highSurrogate(cp);
                chars[n++] = Character.lowSurrogate(cp);
                loneHigh = false;
            } else {
                final char c = (char) cp;
                if (loneHigh && Character.isLowSurrogate(c)) {
                    // A pair written as two 3-byte forms: the canonical form is one 4-byte sequence.
                    throw bad(start, base);
                }
                loneHigh = Character.isHighSurrogate(c);
                chars[n++] = c;
            }
        }
        return new String(chars, 0, n);
    }

    private static int cont(final byte[] src, final int at, final int end, final int lo, final int hi,
                            final int start, final int base) {
        if (at >= end) {
            throw bad(start, base);
        }
        final int b = src[at] & 0xFF;
        if (b < lo || b > hi) {
            throw bad(start, base);
        }
        return b & 0x3F;
    }

    private static CodecException bad(final int at, final int base) {
        return new CodecException("malformed UTF-8 in a string", at - base);
    }
}
