package dev.lepus.kernel;

import dev.lepus.api.Cap;

/**
 * The kernel's single {@link Cap.Issuer}: the only code that creates caps and resolves them to endpoints.
 *
 * <p>Thread contract: threadsafe (stateless).
 */
final class CapIssuer extends Cap.Issuer {

    static final CapIssuer INSTANCE = new CapIssuer();

    private CapIssuer() {
    }

    /** The API handle of a cap node. */
    <P> Cap<P> capOf(final CapNode node) {
        return issue(node, node.rights, node.badge);
    }

    /**
     * The kernel object behind a cap.
     *
     * @param cap a cap issued by this kernel
     * @return its node
     * @throws IllegalArgumentException if the cap is null or was not issued by the kernel
     */
    static CapNode node(final Cap<?> cap) {
        if (cap == null) {
            throw new IllegalArgumentException("cap is null");
        }
        if (target(cap) instanceof CapNode n) {
            return n;
        }
        throw new IllegalArgumentException("not a kernel-issued cap: " + cap);
    }

    /**
     * The endpoint a cap designates.
     *
     * @param cap a cap issued by this kernel
     * @return its endpoint
     */
    static Endpoint resolve(final Cap<?> cap) {
        return node(cap).target;
    }
}
