package dev.lepus.sql;

import java.util.EnumSet;
import java.util.Map;
import java.util.WeakHashMap;

import org.apache.calcite.DataContext;

import dev.lepus.kernel.Node;
import dev.lepus.kernel.SystemState;

/**
 * Takes one {@link SystemState} per query: Calcite makes one {@link DataContext} per execution, and every table scan
 * of that execution gets the snapshot taken by the first. The map holds its keys weakly, so a finished query's
 * snapshot goes with its context.
 *
 * <p>What a snapshot costs depends on what the query reads: kernels, channels and the journal ({@link #PUBLISHED}) and
 * components ({@link #COMPONENTS}) are read from what the kernels publish, with no command to them; the caps and the
 * timers are walked by
 * each kernel on its own thread between two events, so only queries that read them pay for it ({@link #CAPS},
 * {@link #TIMERS}).
 *
 * <p>Thread contract: threadsafe. Nothing here touches a kernel's state.
 */
final class Snapshots {

    /** The published kernels and channels only. */
    static final int PUBLISHED = 0;
    /** The published components too. */
    static final int COMPONENTS = 1;
    /** Every component's caps (a command to each kernel). */
    static final int CAPS = 2;
    /** Every kernel's timers (a command to each kernel). */
    static final int TIMERS = 4;

    private final Node node;
    /** Guarded by {@code this}; identity keys (DataContext does not override equals). */
    private final Map<DataContext, Taken> byQuery = new WeakHashMap<>();

    /** A snapshot and what it holds beyond the published state. */
    private record Taken(SystemState state, int holds) {
    }

    Snapshots(final Node node) {
        this.node = node;
    }

    /** The node. */
    Node node() {
        return node;
    }

    /**
     * The snapshot of the query {@code root} belongs to, taken now if it is the query's first scan, or again (with
     * the union of the parts) if an earlier scan of the query took one without a part this scan needs.
     *
     * @param root the query's context
     * @param needs {@link #COMPONENTS}, {@link #CAPS} and {@link #TIMERS}, or'ed; {@link #PUBLISHED} for none
     * @return the snapshot
     */
    SystemState snapshot(final DataContext root, final int needs) {
        final int want;
        synchronized (this) {
            final Taken t = byQuery.get(root);
            if (t != null && (t.holds() & needs) == needs) {
                return t.state();
            }
            want = needs | (t == null ? 0 : t.holds());
        }
        final SystemState fresh = take(want);
        synchronized (this) {
            byQuery.put(root, new Taken(fresh, want));
            return fresh;
        }
    }

    private SystemState take(final int parts) {
        try {
            final EnumSet<SystemState.Part> set = EnumSet.noneOf(SystemState.Part.class);
            if ((parts & COMPONENTS) != 0) {
                set.add(SystemState.Part.COMPONENTS);
            }
            if ((parts & CAPS) != 0) {
                set.add(SystemState.Part.CAPS);
            }
            if ((parts & TIMERS) != 0) {
                set.add(SystemState.Part.TIMERS);
            }
            return node.state(set);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the system state", ex);
        }
    }
}
