package dev.lepus.sql;

import java.util.function.Function;

import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One column of a state table: its name, SQL type, meaning and how to read it from a row.
 *
 * <p>Thread contract: immutable, threadsafe.
 *
 * @param name the snake_case name
 * @param type its SQL type
 * @param meaning what it says (for docs and the shell)
 * @param reader reads the value from a row (null is SQL NULL)
 * @param <R> the row type
 */
record Column<R>(String name, SqlTypeName type, String meaning, Function<R, Object> reader) {

    static <R> Column<R> of(final String name, final SqlTypeName type, final String meaning,
            final Function<R, Object> reader) {
        return new Column<>(name, type, meaning, reader);
    }
}
