package dev.lepus.sql;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import org.apache.calcite.DataContext;

import dev.lepus.kernel.Node;
import dev.lepus.kernel.SystemState;

/**
 * Takes one {@link SystemState} per query: Calcite makes one {@link DataContext} per execution, and every table scan
 * of that execution gets the snapshot taken by the first. The map holds its keys weakly, so a finished query's
 * snapshot goes with its context.
 *
 * <p>What a snapshot costs depends on what the query reads: kernels, channels and the journal, and the components
 * ({@link SystemState.Part#COMPONENTS}), are read from what the kernels publish, with no command to them; the caps and
 * the timers are walked by
 * each kernel on its own thread between two events, so only queries that read them pay for it.
 *
 * <p>Thread contract: threadsafe. Nothing here touches a kernel's state.
 */
final class Snapshots {

    private final Node node;
    /** Guarded by {@code this}; identity keys (DataContext does not override equals). */
    private final Map<DataContext, SystemState> byQuery = new WeakHashMap<>();
    /** What each query's snapshot holds; guarded by {@code this}. */
    private final Map<DataContext, Set<SystemState.Part>> holds = new WeakHashMap<>();

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
     * @param needs the parts the scanned table reads besides kernels and channels (none for those two)
     * @return the snapshot
     */
    SystemState snapshot(final DataContext root, final Set<SystemState.Part> needs) {
        final EnumSet<SystemState.Part> want = EnumSet.noneOf(SystemState.Part.class);
        want.addAll(needs);
        synchronized (this) {
            final Set<SystemState.Part> held = holds.get(root);
            if (held != null && held.containsAll(needs)) {
                return byQuery.get(root);
            }
            if (held != null) {
                want.addAll(held);
            }
        }
        final SystemState fresh = take(want);
        synchronized (this) {
            byQuery.put(root, fresh);
            holds.put(root, want);
            return fresh;
        }
    }

    private SystemState take(final Set<SystemState.Part> parts) {
        try {
            return node.state(parts);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the system state", ex);
        }
    }
}
