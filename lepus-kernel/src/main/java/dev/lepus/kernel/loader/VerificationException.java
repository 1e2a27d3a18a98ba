package dev.lepus.kernel.loader;

import java.io.Serial;
import java.util.List;

/**
 * The loader refused to define a class: its bytecode, or that of a class it reaches, breaks the rules for the kernel
 * level and API groups it was loaded for. The message lists every violation, one per line, as
 * {@code Class.method(desc) @offset: rule: detail}. Nothing of the refused classes has been defined.
 *
 * <p>Thread contract: immutable and threadsafe.
 */
public final class VerificationException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    /**
     * Creates the exception.
     *
     * @param what what was being loaded, for the first line ({@code "class com.example.Worker on L1"})
     * @param violations what is wrong, at least one
     */
    public VerificationException(final String what, final List<Violation> violations) {
        super(message(what, violations));
        this.violations = List.copyOf(violations);
    }

    /**
     * Every violation found.
     *
     * @return the violations, in class, method and offset order
     */
    public List<Violation> violations() {
        return violations;
    }

    private static String message(final String what, final List<Violation> violations) {
        final StringBuilder b = new StringBuilder("refused to load ").append(what).append(": ")
            .append(violations.size()).append(violations.size() == 1 ? " violation" : " violations");
        for (final Violation v : violations) {
            b.append('\n').append(v);
        }
        return b.toString();
    }
}
