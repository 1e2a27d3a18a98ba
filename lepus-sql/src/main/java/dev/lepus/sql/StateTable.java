package dev.lepus.sql;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
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
    /** The parts of the state its rows need besides kernels and channels. */
    private final Set<SystemState.Part> needs;

    StateTable(final String name, final List<Column<R>> columns, final Function<SystemState, List<R>> rows,
            final Snapshots snapshots, final Set<SystemState.Part> needs) {
        this.needs = Set.copyOf(needs);
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

    /**
     * Reads the query's snapshot and yields its rows one by one, each made when the query reaches it. A plain
     * {@link ScannableTable} on purpose: Calcite plans it in its enumerable convention, whose filters and projections
     * are compiled once, when the statement is prepared; a {@code ProjectableFilterableTable} goes through Calcite's
     * interpreter, which compiles its filter expressions again at every execution (milliseconds of CPU each time,
     * which a query every 10 ms takes from the kernels).
     */
    @Override
    public Enumerable<Object[]> scan(final DataContext root) {
        final List<R> list = rows.apply(snapshots.snapshot(root, needs));
        final List<Column<R>> cs = columns;
        final int width = cs.size();
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return new Enumerator<>() {
                    private int i = -1;
                    private Object[] current;

                    @Override
                    public Object[] current() {
                        return current;
                    }

                    @Override
                    public boolean moveNext() {
                        if (++i >= list.size()) {
                            return false;
                        }
                        final R r = list.get(i);
                        final Object[] row = new Object[width];
                        for (int c = 0; c < width; c++) {
                            row[c] = cs.get(c).reader().apply(r);
                        }
                        current = row;
                        return true;
                    }

                    @Override
                    public void reset() {
                        i = -1;
                        current = null;
                    }

                    @Override
                    public void close() {
                        // nothing held
                    }
                };
            }
        };
    }
}
