package dev.lepus.api;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A capability: an unforgeable handle to a component or a resource, with rights and a badge. Holding it is the right
 * to use it within its rights; there is no other way to name anything in Lepus. Only the kernel creates caps, through
 * its single {@link Issuer}: a component gets caps by spawning, from grants in the system description, inside messages
 * sent to it through a cap with the {@link #GRANT} right, and by minting or copying caps it holds.
 *
 * <p>Thread contract: immutable and threadsafe. Revocation is a property of the kernel object behind the cap, so a
 * revoked cap object still exists but every use of it is refused.
 *
 * @param <P> the protocol of the target
 */
public final class Cap<P> {

    private static final AtomicReference<Issuer> ISSUER = new AtomicReference<>();

    /** Right to send messages through this cap. */
    public static final int SEND = 1;
    /** Right to send caps through this cap: messages that contain caps need it. */
    public static final int GRANT = 1 << 1;
    /** Right to revoke this cap and everything derived from it. */
    public static final int REVOKE = 1 << 2;
    /** Right to read a resource (files, memory segments). */
    public static final int READ = 1 << 3;
    /** Right to write a resource. */
    public static final int WRITE = 1 << 4;
    /** Every right. */
    public static final int ALL = SEND | GRANT | REVOKE | READ | WRITE;

    private final Object target;
    private final int rights;
    private final long badge;

    private Cap(final Object target, final int rights, final long badge) {
        this.target = target;
        this.rights = rights;
        this.badge = badge;
    }

    /**
     * The rights this cap carries, a bit set of {@link #SEND}, {@link #GRANT}, {@link #REVOKE}, {@link #READ} and
     * {@link #WRITE}.
     *
     * @return the rights
     */
    public int rights() {
        return rights;
    }

    /**
     * Whether this cap carries every right in {@code wanted}.
     *
     * @param wanted a bit set of rights
     * @return true if all are present
     */
    public boolean has(final int wanted) {
        return (rights & wanted) == wanted;
    }

    /**
     * The badge: a number set when the cap was minted, delivered to the receiver with every message sent through it
     * ({@link Context#badge()}), so a server knows which client spoke. 0 for an unbadged cap.
     *
     * @return the badge
     */
    public long badge() {
        return badge;
    }

    /**
     * The names of a set of rights, for messages.
     *
     * @param rights a bit set of rights
     * @return for example {@code [send, grant]}
     */
    public static String rightsToString(final int rights) {
        final StringBuilder b = new StringBuilder("[");
        final String[] names = {"send", "grant", "revoke", "read", "write"};
        for (int i = 0; i < names.length; i++) {
            if ((rights & (1 << i)) != 0) {
                b.append(b.length() > 1 ? ", " : "").append(names[i]);
            }
        }
        return b.append(']').toString();
    }

    @Override
    public String toString() {
        return "Cap[" + target + " " + rightsToString(rights) + (badge != 0 ? " badge=" + badge : "") + "]";
    }

    /**
     * The one party allowed to create caps and to see what they point to: the kernel. Constructing a second issuer in
     * the same JVM fails, so a component cannot make one after the kernel has.
     */
    public abstract static class Issuer {

        /** Registers this issuer; fails if one is registered already. */
        @SuppressWarnings("this-escape")
        protected Issuer() {
            if (!ISSUER.compareAndSet(null, this)) {
                throw new IllegalStateException("a cap issuer is registered already: caps are created only by the kernel");
            }
        }

        /**
         * Creates a cap.
         *
         * @param target the kernel object it designates
         * @param rights the rights it carries
         * @param badge its badge
         * @param <P> the protocol of the target
         * @return the new cap
         */
        protected final <P> Cap<P> issue(final Object target, final int rights, final long badge) {
            return new Cap<>(target, rights, badge);
        }

        /**
         * The kernel object a cap designates.
         *
         * @param cap the cap
         * @return its target
         */
        protected static Object target(final Cap<?> cap) {
            return cap.target;
        }
    }
}
