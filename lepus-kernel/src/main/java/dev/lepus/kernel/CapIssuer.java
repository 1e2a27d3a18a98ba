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

    <P> Cap<P> capTo(final Endpoint endpoint) {
        return issue(endpoint, Cap.SEND);
    }

    /**
     * The endpoint of a cap.
     *
     * @param cap a cap issued by this kernel
     * @return its endpoint
     * @throws IllegalArgumentException if the cap is null or was not issued by the kernel
     */
    static Endpoint resolve(final Cap<?> cap) {
        if (cap == null) {
            throw new IllegalArgumentException("cap is null");
        }
        if (target(cap) instanceof Endpoint e) {
            return e;
        }
        throw new IllegalArgumentException("not a kernel-issued cap: " + cap);
    }
}
