package dev.lepus.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.lepus.api.Cap;

/**
 * The kernel object behind a {@link Cap}: what it designates, its rights and badge, who holds it, the cap it was
 * derived from and the caps derived from it, and whether it was revoked. Caps form one derivation tree per component:
 * the root is the component's self cap; mint, copy and grant by message add children.
 *
 * <p>Thread contract: the final fields are immutable. {@link #revoked} is volatile: written by a revoker on any kernel,
 * read on every send and every delivery. The children list is guarded by this node's monitor, so that a derivation on
 * one kernel and a revocation on another cannot miss each other.
 */
/*
 * Implementation notes: revocation across kernels.
 *
 * revoke(n) walks n's subtree; at each node it takes the node's monitor, sets revoked = true (volatile), and copies
 * the children list. derive(p) takes p's monitor, creates the child revoked if p is revoked, and appends it. Because
 * both hold p's monitor, a child is either in the list copied by the revoker (and so revoked by the walk) or created
 * after p was marked (and so created revoked): no derived cap escapes a revocation (Barrelfish's mark phase; the sweep
 * is lazy, below).
 *
 * Linearization: revoke's is the volatile store to revoked of each node; a send's is its volatile load of revoked
 * (Cell.send), and a delivery's is the load at dispatch (Kernel.invoke). A message accepted before the revoke and still
 * in a mailbox or a channel is checked again at dispatch, so after revoke returns nothing sent through a revoked cap is
 * delivered. Queued messages are dropped lazily, when their kernel reaches them, and counted (revokedAtDelivery).
 *
 * A revoke always walks the whole subtree, even through nodes already marked, so that it never returns while a
 * concurrent revoker is still marking the same descendants.
 */
final class CapNode {

    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    /**
     * False only in the benchmark-only variant ({@code -Dlepus.bench.noCapChecks=true}) that measures what the checks
     * on the send and delivery fast paths cost; never set it in a real system.
     */
    static final boolean CHECKS = !Boolean.getBoolean("lepus.bench.noCapChecks");

    /** Identity for tools; not used by the kernel. */
    final long id = IDS.incrementAndGet();

    /** The endpoint designated. */
    final Endpoint target;
    final int rights;
    final long badge;
    /** The cap this one was derived from, or null for a root (a component's self cap). */
    final CapNode parent;
    /** The component whose capability space holds this cap, or null for the node (boot, tests). */
    final Cell holder;
    /** Set once by revoke; read by every send and delivery. */
    volatile boolean revoked;
    /**
     * Set once when the target component stops for good (see {@link #markTargetStopped}); read by every send, so that
     * a send to a stopped component on another kernel is refused at once without reading the receiver's cell, whose
     * cache lines its own kernel writes at every delivery. Same protocol as {@link #revoked}.
     */
    volatile boolean targetStopped;
    /** Removed from its holder's space by delete; still part of the tree. Holder's kernel only. */
    boolean deleted;
    /** Derived caps; guarded by this node's monitor. */
    private ArrayList<CapNode> children;
    /** Caps derived by grant, by holder, once there are many; guarded by this node's monitor. */
    private java.util.HashMap<Cell, CapNode> granted;
    /** The API handle, made once. */
    private dev.lepus.api.Cap<?> cap;

    CapNode(final Endpoint target, final int rights, final long badge, final CapNode parent, final Cell holder) {
        this.target = target;
        this.rights = rights;
        this.badge = badge;
        this.parent = parent;
        this.holder = holder;
    }

    /**
     * Derives a child: for mint, copy, and grant by message.
     *
     * @throws IllegalArgumentException if the rights grow or the badge changes
     */
    CapNode derive(final int childRights, final long childBadge, final Cell childHolder) {
        if ((childRights & ~rights) != 0) {
            throw new IllegalArgumentException("cannot derive a cap with rights " + Cap.rightsToString(childRights)
                + " from one with " + Cap.rightsToString(rights) + ": rights only shrink");
        }
        if (badge != 0 && childBadge != badge) {
            throw new IllegalArgumentException("cannot re-badge a cap badged " + badge + " as " + childBadge);
        }
        final CapNode child = new CapNode(target, childRights, childBadge, this, childHolder);
        synchronized (this) {
            if (revoked) {
                child.revoked = true;
            }
            if (targetStopped) {
                child.targetStopped = true;
            }
            if (children == null) {
                children = new ArrayList<>(2);
            }
            children.add(child);
        }
        return child;
    }

    /**
     * The cap a grant by message gives {@code receiver}: a child with the same rights and badge. A receiver that holds
     * such a child already gets the same one again, so that a conversation that passes the same cap back and forth
     * does not grow the tree.
     */
    CapNode grantTo(final Cell receiver) {
        synchronized (this) {
            if (granted != null) {
                final CapNode c = granted.get(receiver);
                if (c != null && !c.revoked) {
                    c.deleted = false;
                    return c;
                }
            } else if (children != null) {
                for (int i = children.size() - 1; i >= 0; i--) {
                    final CapNode c = children.get(i);
                    if (c.holder == receiver && c.rights == rights && c.badge == badge && !c.revoked && c.grant) {
                        c.deleted = false;
                        return c;
                    }
                }
            }
        }
        final CapNode child = derive(rights, badge, receiver);
        child.grant = true;
        synchronized (this) {
            if (granted != null) {
                granted.put(receiver, child);
            } else if (children.size() > GRANT_INDEX_THRESHOLD) {
                granted = new java.util.HashMap<>();
                for (final CapNode c : children) {
                    if (c.grant && c.holder != null) {
                        granted.put(c.holder, c);
                    }
                }
            }
        }
        return child;
    }

    /** Children beyond which grants are looked up by holder in a map instead of a scan. */
    private static final int GRANT_INDEX_THRESHOLD = 8;

    /** Whether this node was made by a grant by message (and may be reused by the next grant to its holder). */
    boolean grant;

    /** The API handle of this node, made on first use. Any kernel thread; a race makes two equal handles. */
    @SuppressWarnings("unchecked")
    <P> dev.lepus.api.Cap<P> cap() {
        dev.lepus.api.Cap<?> c = cap;
        if (c == null) {
            c = CapIssuer.INSTANCE.capOf(this);
            cap = c;
        }
        return (dev.lepus.api.Cap<P>) c;
    }

    /**
     * Removes a leaf from its parent's children, so that deleted caps do not accumulate. Holder's kernel.
     */
    void unlinkIfLeaf() {
        if (parent == null) {
            return;
        }
        synchronized (this) {
            if (children != null && !children.isEmpty()) {
                return;
            }
        }
        synchronized (parent) {
            if (parent.children != null) {
                parent.children.remove(this);
            }
            if (parent.granted != null && holder != null && parent.granted.get(holder) == this) {
                parent.granted.remove(holder);
            }
        }
    }

    /**
     * Revokes this node and its whole subtree.
     *
     * @return the number of nodes in the subtree
     */
    int revoke() {
        int count = 0;
        final ArrayDeque<CapNode> stack = new ArrayDeque<>();
        stack.push(this);
        while (!stack.isEmpty()) {
            final CapNode n = stack.pop();
            synchronized (n) {
                n.revoked = true;
                if (n.children != null) {
                    for (final CapNode c : n.children) {
                        stack.push(c);
                    }
                }
            }
            count++;
        }
        return count;
    }

    /**
     * Marks this root and its subtree: their target stopped for good. Called once by the target's kernel when it stops
     * the component; a leaf (the common case: a component nobody holds a cap to) costs one store. The walk takes each
     * node's monitor, as {@link #revoke} does, so a cap derived concurrently is either marked by the walk or created
     * marked by {@link #derive}.
     */
    void markTargetStopped() {
        synchronized (this) {
            targetStopped = true;
            if (children == null || children.isEmpty()) {
                return;
            }
        }
        final ArrayDeque<CapNode> stack = new ArrayDeque<>();
        stack.push(this);
        while (!stack.isEmpty()) {
            final CapNode n = stack.pop();
            synchronized (n) {
                n.targetStopped = true;
                if (n.children != null) {
                    for (final CapNode c : n.children) {
                        stack.push(c);
                    }
                }
            }
        }
    }

    /** Visits this node and its subtree, depth first, for introspection. */
    void visit(final Consumer<CapNode> visitor) {
        final ArrayDeque<CapNode> stack = new ArrayDeque<>();
        stack.push(this);
        while (!stack.isEmpty()) {
            final CapNode n = stack.pop();
            visitor.accept(n);
            final List<CapNode> kids;
            synchronized (n) {
                kids = n.children == null ? List.of() : List.copyOf(n.children);
            }
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.push(kids.get(i));
            }
        }
    }
}
