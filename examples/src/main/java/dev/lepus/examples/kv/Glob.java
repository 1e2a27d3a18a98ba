package dev.lepus.examples.kv;

import java.util.Arrays;

/**
 * A glob-style pattern, as Redis's {@code KEYS} matches it, byte by byte (case-sensitive):
 * <ul>
 *   <li>{@code *} matches any run of bytes, {@code ?} any one byte;</li>
 *   <li>{@code [abc]} one of a set, {@code [^abc]} one byte not in it, {@code [a-z]} a range (either way round,
 *       of unsigned byte values), {@code \} in a set escapes the next byte; a set that is never closed ends with
 *       the pattern, and {@code []} matches nothing;</li>
 *   <li>{@code \x} matches {@code x} itself (a {@code \} at the very end matches a {@code \});</li>
 *   <li>as in Redis, the empty string matches only the empty pattern, not even {@code *} (whereas {@code KEYS *}
 *       lists the empty key as well: see {@link #matchesAll()}).</li>
 * </ul>
 *
 * <p>The pattern is compiled once into one token per byte matched. Matching is the iterative two-pointer algorithm
 * that only ever backtracks to the most recent {@code *}: it takes at most (tokens x text length) steps, so a
 * pattern such as {@code a*a*a*a*b} cannot make it backtrack exponentially, and it needs no stack. Compiling is
 * linear in the pattern's length.
 *
 * <p>Thread contract: immutable and threadsafe.
 */
public final class Glob {

    private static final int STAR = -1;
    private static final int ANY = -2;
    /** Tokens at or below this are sets: set {@code k} is {@code FIRST_SET - k}. */
    private static final int FIRST_SET = -3;

    /** One per token: a byte value 0 to 255, {@link #STAR}, {@link #ANY}, or a set. */
    private final int[] tokens;
    /** The sets, 256 bits each, four longs per set, negation already applied. */
    private final long[] sets;
    private final boolean matchesAll;

    private Glob(final int[] tokens, final long[] sets, final boolean matchesAll) {
        this.tokens = tokens;
        this.sets = sets;
        this.matchesAll = matchesAll;
    }

    /**
     * Compiles a pattern. Every pattern is valid.
     *
     * @param pattern the pattern's bytes
     * @return the compiled pattern
     */
    public static Glob compile(final byte[] pattern) {
        final int n = pattern.length;
        final int[] tokens = new int[n];
        long[] sets = new long[4];
        int count = 0;
        int setCount = 0;
        int i = 0;
        while (i < n) {
            final int c = pattern[i] & 0xFF;
            if (c == '*') {
                if (count == 0 || tokens[count - 1] != STAR) {
                    tokens[count++] = STAR;
                }
                i++;
            } else if (c == '?') {
                tokens[count++] = ANY;
                i++;
            } else if (c == '[') {
                if (setCount * 4 == sets.length) {
                    sets = Arrays.copyOf(sets, sets.length * 2);
                }
                i = compileSet(pattern, i + 1, sets, setCount * 4);
                tokens[count++] = FIRST_SET - setCount++;
            } else if (c == '\\' && i + 1 < n) {
                tokens[count++] = pattern[i + 1] & 0xFF;
                i += 2;
            } else {
                tokens[count++] = c;
                i++;
            }
        }
        final boolean starAlone = n == 1 && pattern[0] == '*';
        return new Glob(Arrays.copyOf(tokens, count), Arrays.copyOf(sets, setCount * 4), starAlone);
    }

    /**
     * Compiles the set that starts at {@code from} (just after its {@code [}) into four longs of {@code sets}.
     *
     * @return the index after the set's {@code ]}, or the pattern's length if the set is never closed
     */
    private static int compileSet(final byte[] p, final int from, final long[] sets, final int at) {
        final int n = p.length;
        int i = from;
        final boolean negate = i < n && p[i] == '^';
        if (negate) {
            i++;
        }
        while (i < n && p[i] != ']') {
            if (p[i] == '\\' && i + 1 < n) {
                addRange(sets, at, p[i + 1] & 0xFF, p[i + 1] & 0xFF);
                i += 2;
            } else if (i + 2 < n && p[i + 1] == '-') {
                final int a = p[i] & 0xFF;
                final int b = p[i + 2] & 0xFF;
                addRange(sets, at, Math.min(a, b), Math.max(a, b));
                i += 3;
            } else {
                addRange(sets, at, p[i] & 0xFF, p[i] & 0xFF);
                i++;
            }
        }
        if (negate) {
            for (int k = at; k < at + 4; k++) {
                sets[k] = ~sets[k];
            }
        }
        return i < n ? i + 1 : n;
    }

    private static void addRange(final long[] sets, final int at, final int from, final int to) {
        for (int c = from; c <= to; c++) {
            sets[at + (c >>> 6)] |= 1L << c;
        }
    }

    /**
     * Whether the pattern is {@code *} alone, which {@code KEYS} takes to mean every key, the empty one included.
     *
     * @return true for {@code *}
     */
    public boolean matchesAll() {
        return matchesAll;
    }

    /**
     * Whether a whole byte string matches.
     *
     * @param text the bytes
     * @return true if the pattern matches all of them
     */
    public boolean matches(final byte[] text) {
        return matches(text, 0, text.length);
    }

    /**
     * Whether a range of an array matches.
     *
     * @param text the array
     * @param off the first byte
     * @param len how many bytes
     * @return true if the pattern matches all of them
     */
    public boolean matches(final byte[] text, final int off, final int len) {
        final int[] t = tokens;
        final int n = t.length;
        if (len == 0) {
            return n == 0;
        }
        int p = 0;
        int s = 0;
        int afterStar = -1;
        int starText = 0;
        while (s < len) {
            if (p < n && t[p] == STAR) {
                afterStar = ++p;
                if (p == n) {
                    return true;
                }
                starText = s;
            } else if (p < n && accepts(t[p], text[off + s] & 0xFF)) {
                p++;
                s++;
            } else if (afterStar >= 0) {
                // Let the last star take one more byte and match the rest of the pattern from there.
                p = afterStar;
                s = ++starText;
            } else {
                return false;
            }
        }
        while (p < n && t[p] == STAR) {
            p++;
        }
        return p == n;
    }

    private boolean accepts(final int token, final int c) {
        if (token >= 0) {
            return token == c;
        }
        if (token == ANY) {
            return true;
        }
        final int at = (FIRST_SET - token) * 4;
        return (sets[at + (c >>> 6)] & (1L << c)) != 0;
    }
}
