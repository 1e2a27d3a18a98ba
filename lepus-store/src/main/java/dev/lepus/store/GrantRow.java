package dev.lepus.store;

import java.util.Objects;

/**
 * One row of {@code grants}: a capability that a component holds under a name.
 *
 * <p>Thread contract: immutable.
 *
 * @param holder the id of the component that holds the capability (must be registered)
 * @param target the id of what the capability reaches (a component or a service)
 * @param name   the name the holder knows it by; unique per holder
 * @param rights the rights, as the kernel spells them (for example {@code "send,grant"})
 * @param badge  the badge
 */
public record GrantRow(long holder, long target, String name, String rights, long badge) {

    /** Checks the fields. */
    public GrantRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rights, "rights");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("grant of holder " + holder + ": empty name");
        }
    }
}
