package dev.lepus.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One row of {@code system_description}: a system description that booted a node.
 *
 * <p>Thread contract: immutable.
 *
 * @param id       the boot's id
 * @param name     the system's name
 * @param toml     the description file's text, as it booted
 * @param bootedAt when it booted; kept to microseconds
 */
public record SystemDescriptionRow(long id, String name, String toml, Instant bootedAt) {

    /** Checks the fields and cuts {@code bootedAt} to microseconds. */
    public SystemDescriptionRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(toml, "toml");
        bootedAt = Objects.requireNonNull(bootedAt, "bootedAt").truncatedTo(ChronoUnit.MICROS);
    }
}
