package dev.lepus.api;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A capability: an unforgeable handle to a component or a resource. Holding it is the right to use it; there is no
 * other way to name anything in Lepus. Only the kernel creates caps, through its single {@link Issuer}.
 *
 * <p>Thread contract: immutable and threadsafe.
 *
 * @param <P> the protocol of the target
 */
public final class Cap<P> {

    private static final AtomicReference<Issuer> ISSUER = new AtomicReference<>();

    /** Right to send messages through this cap. */
    public static final int SEND = 1;

    private final Object target;
    private final int rights;

    private Cap(final Object target, final int rights) {
        this.target = target;
        this.rights = rights;
    }

    /**
     * The rights this cap carries, a bit set of {@link #SEND} and later rights.
     *
     * @return the rights
     */
    public int rights() {
        return rights;
    }

    @Override
    public String toString() {
        return "Cap[" + target + "]";
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
         * @param <P> the protocol of the target
         * @return the new cap
         */
        protected final <P> Cap<P> issue(final Object target, final int rights) {
            return new Cap<>(target, rights);
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
