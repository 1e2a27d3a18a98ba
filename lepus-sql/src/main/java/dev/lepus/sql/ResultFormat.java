package dev.lepus.sql;

import java.util.List;

/**
 * How {@code lepus sql} prints a result: an aligned table (numbers right-aligned), CSV (RFC 4180) or JSON.
 *
 * <p>Thread contract: stateless, threadsafe.
 */
public enum ResultFormat {

    /** Header, a separator line, and rows; numbers right-aligned, NULL shown as {@code NULL}. */
    TABLE,
    /** RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line break quoted. */
    CSV,
    /** {@code {"columns":[...],"rows":[[...]]}} on one line. */
    JSON;

    /**
     * Formats a result.
     *
     * @param t the result
     * @return the text, ending with a line break
     */
    public String format(final ResultTable t) {
        return switch (this) {
            case TABLE -> table(t);
            case CSV -> csv(t);
            case JSON -> Json.result(t) + "\n";
        };
    }

    private static String table(final ResultTable t) {
        final int n = t.columns().size();
        final int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            width[c] = t.columns().get(c).length();
        }
        for (final List<Object> row : t.rows()) {
            for (int c = 0; c < n; c++) {
                width[c] = Math.max(width[c], text(row.get(c)).length());
            }
        }
        final boolean[] numeric = new boolean[n];
        for (int c = 0; c < n; c++) {
            boolean all = !t.rows().isEmpty();
            for (final List<Object> row : t.rows()) {
                final Object v = row.get(c);
                all &= v == null || v instanceof Number;
            }
            numeric[c] = all;
        }
        final StringBuilder b = new StringBuilder();
        for (int c = 0; c < n; c++) {
            pad(b.append(c > 0 ? " | " : ""), t.columns().get(c), width[c], numeric[c]);
        }
        trimEnd(b).append('\n');
        for (int c = 0; c < n; c++) {
            b.append(c > 0 ? "-+-" : "").append("-".repeat(width[c]));
        }
        b.append('\n');
        for (final List<Object> row : t.rows()) {
            for (int c = 0; c < n; c++) {
                pad(b.append(c > 0 ? " | " : ""), text(row.get(c)), width[c], numeric[c]);
            }
            trimEnd(b).append('\n');
        }
        b.append('(').append(t.rows().size()).append(t.rows().size() == 1 ? " row)" : " rows)").append('\n');
        return b.toString();
    }

    private static StringBuilder trimEnd(final StringBuilder b) {
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        b.setLength(end);
        return b;
    }

    private static void pad(final StringBuilder b, final String s, final int width, final boolean right) {
        final String fill = " ".repeat(width - s.length());
        if (right) {
            b.append(fill).append(s);
        } else {
            b.append(s).append(fill);
        }
    }

    private static String text(final Object v) {
        return v == null ? "NULL" : v.toString();
    }

    private static String csv(final ResultTable t) {
        final StringBuilder b = new StringBuilder();
        csvRow(b, t.columns());
        for (final List<Object> row : t.rows()) {
            csvRow(b, row);
        }
        return b.toString();
    }

    private static void csvRow(final StringBuilder b, final List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            b.append(i > 0 ? "," : "");
            final Object v = values.get(i);
            if (v == null) {
                continue;
            }
            final String s = v.toString();
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                b.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                b.append(s);
            }
        }
        b.append("\r\n");
    }
}
