package dev.lepus.sql;

import java.util.List;
import java.util.function.Function;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;

import dev.lepus.kernel.SystemState;

/**
 * A table over one list of a {@link SystemState}: each scan reads the snapshot of the query it belongs to (see
 * {@link Snapshots}), so every table in one query sees the same state.
 *
 * <p>Thread contract: threadsafe (immutable; each scan reads its own snapshot).
 *
 * @param <R> the row type
 */
final class StateTable<R> extends AbstractTable implements ScannableTable {

    private final String name;
    private final List<Column<R>> columns;
    private final Function<SystemState, List<R>> rows;
    private final Snapshots snapshots;
    /** Whether its rows need the caps (the costly part of a snapshot). */
    private final boolean withCaps;

    StateTable(final String name, final List<Column<R>> columns, final Function<SystemState, List<R>> rows,
            final Snapshots snapshots) {
        this(name, columns, rows, snapshots, false);
    }

    StateTable(final String name, final List<Column<R>> columns, final Function<SystemState, List<R>> rows,
            final Snapshots snapshots, final boolean withCaps) {
        this.withCaps = withCaps;
        this.name = name;
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.snapshots = snapshots;
    }

    /** The table's name. */
    String name() {
        return name;
    }

    /** The columns, in order. */
    List<Column<R>> columns() {
        return columns;
    }

    @Override
    public RelDataType getRowType(final RelDataTypeFactory typeFactory) {
        final RelDataTypeFactory.Builder b = typeFactory.builder();
        for (final Column<R> c : columns) {
            b.add(c.name(), typeFactory.createTypeWithNullability(typeFactory.createSqlType(c.type()), true));
        }
        return b.build();
    }

    @Override
    public Enumerable<Object[]> scan(final DataContext root) {
        final List<R> list = rows.apply(snapshots.snapshot(root, withCaps));
        final Object[][] out = new Object[list.size()][];
        final int n = columns.size();
        for (int i = 0; i < out.length; i++) {
            final R r = list.get(i);
            final Object[] row = new Object[n];
            for (int c = 0; c < n; c++) {
                row[c] = columns.get(c).reader().apply(r);
            }
            out[i] = row;
        }
        return Linq4j.asEnumerable(out);
    }
}
