package dev.lepus.sql;

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
 * <p>Thread contract: threadsafe. {@link Node#state()} asks each kernel to describe itself on its own thread between
 * two events; nothing here touches a kernel.
 */
final class Snapshots {

    private final Node node;
    /** Guarded by {@code this}; identity keys (DataContext does not override equals). */
    private final Map<DataContext, SystemState> byQuery = new WeakHashMap<>();
    /** Queries whose snapshot holds the caps; guarded by {@code this}. */
    private final Map<DataContext, Boolean> capsRead = new WeakHashMap<>();

    Snapshots(final Node node) {
        this.node = node;
    }

    /** The node. */
    Node node() {
        return node;
    }

    /**
     * The snapshot of the query {@code root} belongs to, taken now if it is the query's first scan.
     *
     * @param root the query's context
     * @return the snapshot
     */
    SystemState snapshot(final DataContext root, final boolean withCaps) {
        synchronized (this) {
            final SystemState s = byQuery.get(root);
            if (s != null && (!withCaps || capsRead.containsKey(root))) {
                return s;
            }
        }
        // A query that reads the caps table reads the caps with the rest; one that does not skips their walk. If a
        // query's first scan did not need them and a later one does, the state is read again, with them.
        final SystemState fresh = take(withCaps);
        synchronized (this) {
            if (withCaps) {
                capsRead.put(root, Boolean.TRUE);
                byQuery.put(root, fresh);
                return fresh;
            }
            return byQuery.computeIfAbsent(root, k -> fresh);
        }
    }

    private SystemState take(final boolean withCaps) {
        try {
            return node.state(withCaps);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the system state", ex);
        }
    }
}
