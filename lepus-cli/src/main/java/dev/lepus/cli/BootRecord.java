package dev.lepus.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.lepus.api.Cap;
import dev.lepus.kernel.SystemState;
import dev.lepus.kernel.description.SystemDescription;
import dev.lepus.store.ComponentRow;
import dev.lepus.store.GrantRow;
import dev.lepus.store.StateStore;
import dev.lepus.store.SystemDescriptionRow;

/**
 * Writes what a boot made into the durable OS state: the description that booted (its TOML text, one row per boot),
 * and each root component with its grants, one transaction per component (spawn and grant together: a crash never
 * leaves a component registered without its grants). A component of an earlier boot with the same id is replaced.
 *
 * <p>Thread contract: called once, on the thread that boots the node.
 */
final class BootRecord {

    private BootRecord() {
    }

    /**
     * Records a boot.
     *
     * @param store the state store
     * @param description the description that booted
     * @param state the node's state right after the boot
     * @return the components registered
     * @throws IOException if the description file cannot be read again
     */
    static int record(final StateStore store, final SystemDescription description, final SystemState state)
            throws IOException {
        final Instant now = Instant.now();
        final long bootId = store.systemDescriptions().stream().mapToLong(SystemDescriptionRow::id).max().orElse(0) + 1;
        store.insertSystemDescription(new SystemDescriptionRow(bootId, description.name(),
            Files.readString(description.source()), now));
        final Map<String, Long> ids = new HashMap<>();
        for (final SystemState.ComponentRow c : state.components()) {
            ids.put(c.name(), Long.parseUnsignedLong(c.id(), 16));
        }
        int n = 0;
        for (final SystemState.ComponentRow c : state.components()) {
            if (c.parent() != null) {
                continue;
            }
            final List<GrantRow> grants = new ArrayList<>();
            for (final SystemDescription.GrantSpec g : description.grants()) {
                if (g.to().equals(c.name()) && ids.containsKey(g.target())) {
                    grants.add(new GrantRow(ids.get(c.name()), ids.get(g.target()), g.name(),
                        Cap.rightsToString(g.rights()), g.badge()));
                }
            }
            final String config = description.components().stream().filter(s -> s.name().equals(c.name()))
                .map(s -> s.config().asMap().toString()).findFirst().orElse("{}");
            store.deleteComponent(ids.get(c.name())); // the registry holds the components of the latest boot
            store.registerSpawn(new ComponentRow(ids.get(c.name()), c.name(), c.className(), c.kernel(),
                c.priority(), config, c.state(), now), grants);
            n++;
        }
        return n;
    }
}
