package dev.lepus.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One row of {@code component_registry}: a spawned component.
 *
 * <p>Thread contract: immutable.
 *
 * @param id        the component id, unique in the node
 * @param name      the component's name
 * @param className the fully qualified name of its class (column {@code class_name})
 * @param kernel    the index of the kernel it lives on
 * @param priority  its priority on that kernel
 * @param config    its configuration, as JSON or TOML text (may be empty)
 * @param state     its life-cycle state, for example {@code RUNNING}
 * @param spawnedAt when it was spawned; kept to microseconds, the precision both databases store
 */
public record ComponentRow(long id, String name, String className, int kernel, int priority, String config,
                           String state, Instant spawnedAt) {

    /** Checks the fields and cuts {@code spawnedAt} to microseconds. */
    public ComponentRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(state, "state");
        spawnedAt = Objects.requireNonNull(spawnedAt, "spawnedAt").truncatedTo(ChronoUnit.MICROS);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("component " + id + ": empty name");
        }
    }
}
