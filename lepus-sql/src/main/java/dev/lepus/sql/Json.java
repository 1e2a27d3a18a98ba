package dev.lepus.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the admin protocol needs: writing results and errors, and reading them back. Numbers read as
 * {@link Long} when integral, else {@link Double}.
 *
 * <p>Thread contract: stateless, threadsafe.
 */
final class Json {

    /** The deepest nesting {@link #parse(String)} accepts. */
    static final int MAX_DEPTH = 16;

    private Json() {
    }

    /** A result as {@code {"columns":[...],"rows":[[...],...]}}. */
    static String result(final ResultTable t) {
        final StringBuilder b = new StringBuilder(64 + t.rows().size() * 32);
        b.append("{\"columns\":[");
        for (int i = 0; i < t.columns().size(); i++) {
            b.append(i > 0 ? "," : "");
            string(b, t.columns().get(i));
        }
        b.append("],\"rows\":[");
        for (int r = 0; r < t.rows().size(); r++) {
            b.append(r > 0 ? "," : "").append('[');
            final List<Object> row = t.rows().get(r);
            for (int i = 0; i < row.size(); i++) {
                b.append(i > 0 ? "," : "");
                value(b, row.get(i));
            }
            b.append(']');
        }
        return b.append("]}").toString();
    }

    /** An error as {@code {"error":"..."}}. */
    static String error(final String message) {
        final StringBuilder b = new StringBuilder("{\"error\":");
        string(b, message);
        return b.append('}').toString();
    }

    static void value(final StringBuilder b, final Object v) {
        switch (v) {
            case null -> b.append("null");
            case Boolean x -> b.append(x);
            case Double d when d.isNaN() || d.isInfinite() -> string(b, d.toString());
            case Number n -> b.append(n);
            default -> string(b, v.toString());
        }
    }

    static void string(final StringBuilder b, final String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /**
     * Parses a JSON value.
     *
     * @param text the text
     * @return a {@link Map}, {@link List}, {@link String}, {@link Long}, {@link Double}, {@link Boolean} or null
     * @throws IllegalArgumentException if it is not JSON, naming the offset
     */
    static Object parse(final String text) {
        final Parser p = new Parser(text);
        final Object v = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("trailing characters");
        }
        return v;
    }

    /** A recursive-descent parser. Not threadsafe. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(final String s) {
            this.s = s;
        }

        IllegalArgumentException error(final String what) {
            return new IllegalArgumentException("bad JSON at offset " + pos + ": " + what);
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        Object value(final int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH);
            }
            skipSpace();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            final char c = s.charAt(pos);
            if (c == '{') {
                pos++;
                final Map<String, Object> m = new LinkedHashMap<>();
                skipSpace();
                if (peek('}')) {
                    return m;
                }
                do {
                    skipSpace();
                    if (pos >= s.length() || s.charAt(pos) != '"') {
                        throw error("expected a key");
                    }
                    final String k = string();
                    skipSpace();
                    expect(':');
                    m.put(k, value(depth + 1));
                    skipSpace();
                } while (peek(','));
                expect('}');
                return m;
            }
            if (c == '[') {
                pos++;
                final List<Object> l = new ArrayList<>();
                skipSpace();
                if (peek(']')) {
                    return l;
                }
                do {
                    l.add(value(depth + 1));
                    skipSpace();
                } while (peek(','));
                expect(']');
                return l;
            }
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", pos)) {
                pos += 4;
                return null;
            }
            return number();
        }

        private boolean peek(final char c) {
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(final char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private String string() {
            pos++;
            final StringBuilder b = new StringBuilder();
            while (pos < s.length()) {
                final char c = s.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    break;
                }
                final char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (final NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> b.append(e);
                }
            }
            throw error("unterminated string");
        }

        private Object number() {
            final int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            final String t = s.substring(start, pos);
            if (t.isEmpty()) {
                throw error("unexpected character '" + s.charAt(pos) + "'");
            }
            try {
                if (t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0) {
                    return Long.parseLong(t);
                }
                return Double.parseDouble(t);
            } catch (final NumberFormatException ex) {
                throw error("bad number '" + t + "'");
            }
        }
    }
}
