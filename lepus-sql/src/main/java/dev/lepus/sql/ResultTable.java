package dev.lepus.sql;

import java.util.List;

/**
 * The result of a query: column labels and rows of values ({@link Long}, {@link Double},
 * {@link String}, {@link Boolean} or null).
 *
 * <p>Thread contract: immutable, threadsafe (rows may hold nulls, so they are unmodifiable views, not copies).
 *
 * @param columns the column labels
 * @param rows the rows, each as long as {@code columns}
 */
public record ResultTable(List<String> columns, List<List<Object>> rows) {

    /** Checks the shape and wraps the lists unmodifiable. */
    public ResultTable {
        columns = List.copyOf(columns);
        rows = java.util.Collections.unmodifiableList(rows.stream()
            .map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList());
        for (final List<Object> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("row of " + r.size() + " values for " + columns.size()
                    + " columns");
            }
        }
    }
}
