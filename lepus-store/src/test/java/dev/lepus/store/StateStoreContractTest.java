package dev.lepus.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state store's contract, run against every database by a thin subclass per backend.
 */
abstract class StateStoreContractTest {

    static final int GRANTS_PER_SPAWN = 12;

    @TempDir
    Path tmp;

    Backend backend;
    StateStore store;

    abstract Backend backend(Path dir);

    @BeforeEach
    void openStore() {
        backend = backend(tmp);
        store = backend.open();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    static ComponentRow component(final long id) {
        return new ComponentRow(id, "c" + id, "dev.lepus.examples.Counter", (int) (id % 4), 1, "{\"n\":" + id + "}",
            "RUNNING", Instant.parse("2026-11-24T12:00:00.123456789Z"));
    }

    static List<GrantRow> grants(final long holder, final int n) {
        final List<GrantRow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new GrantRow(holder, 1000 + i, "cap" + i, "send,grant", holder * 100 + i));
        }
        return out;
    }

    @Test
    void shouldInsertListAndDeleteComponents() {
        store.insertComponent(component(2));
        store.insertComponent(component(1));
        assertEquals(List.of(component(1), component(2)), store.components());
        assertEquals("c1", store.component(1).orElseThrow().name());
        assertEquals(Instant.parse("2026-11-24T12:00:00.123456Z"), store.component(1).orElseThrow().spawnedAt());
        assertTrue(store.updateComponentState(1, "STOPPED"));
        assertEquals("STOPPED", store.component(1).orElseThrow().state());
        assertTrue(store.deleteComponent(1));
        assertFalse(store.deleteComponent(1));
        assertTrue(store.component(1).isEmpty());
    }

    @Test
    void shouldNameComponentWhenIdIsTaken() {
        store.insertComponent(component(7));
        final StoreException e = assertThrows(StoreException.class, () -> store.insertComponent(component(7)));
        assertTrue(e.getMessage().contains("component 7") && e.getMessage().contains("already exists"),
            e.getMessage());
    }

    @Test
    void shouldInsertListAndDeleteGrants() {
        store.insertComponent(component(1));
        store.insertGrant(new GrantRow(1, 5, "log", "send", 9));
        store.insertGrant(new GrantRow(1, 6, "fs", "send,read", 0));
        assertEquals(List.of(new GrantRow(1, 6, "fs", "send,read", 0), new GrantRow(1, 5, "log", "send", 9)),
            store.grantsOf(1));
        assertEquals(2, store.grants().size());
        assertTrue(store.deleteGrant(1, "log"));
        assertEquals(1, store.grants().size());
        store.deleteComponent(1);
        assertEquals(List.of(), store.grants());
    }

    @Test
    void shouldRefuseGrantOfUnregisteredHolder() {
        final StoreException e = assertThrows(StoreException.class,
            () -> store.insertGrant(new GrantRow(42, 5, "log", "send", 0)));
        assertTrue(e.getMessage().contains("holder 42"), e.getMessage());
    }

    @Test
    void shouldKeepSystemDescriptions() {
        final SystemDescriptionRow a = new SystemDescriptionRow(1, "hello", "[system]\nname = \"hello\"\n",
            Instant.parse("2026-11-24T10:00:00Z"));
        final SystemDescriptionRow b = new SystemDescriptionRow(2, "pingpong", "[system]\nname = \"pingpong\"\n",
            Instant.parse("2026-11-24T11:00:00Z"));
        store.insertSystemDescription(b);
        store.insertSystemDescription(a);
        assertEquals(List.of(a, b), store.systemDescriptions());
        assertEquals(b, store.latestSystemDescription().orElseThrow());
        assertTrue(store.deleteSystemDescription(2));
        assertEquals(a, store.latestSystemDescription().orElseThrow());
    }

    @Test
    void shouldIndexSnapshots() {
        final Instant t = Instant.parse("2026-11-24T10:00:00Z");
        store.insertSnapshot(new SnapshotRow(3, 100, "kernel-0.journal", 4096, t));
        store.insertSnapshot(new SnapshotRow(3, 200, "kernel-0.journal", 8192, t));
        store.insertSnapshot(new SnapshotRow(4, 50, "kernel-1.journal", 0, t));
        assertEquals(200, store.latestSnapshot(3).orElseThrow().seq());
        assertEquals(8192, store.latestSnapshot(3).orElseThrow().journalOffset());
        assertEquals(1, store.deleteSnapshotsBefore(3, 200));
        assertEquals(List.of(new SnapshotRow(3, 200, "kernel-0.journal", 8192, t)), store.snapshotsOf(3));
        assertThrows(StoreException.class, () -> store.insertSnapshot(new SnapshotRow(3, 200, "x", 0, t)));
    }

    @Test
    void shouldRegisterSpawnWithAllGrants() {
        store.registerSpawn(component(1), grants(1, GRANTS_PER_SPAWN));
        assertEquals(GRANTS_PER_SPAWN, store.grantsOf(1).size());
    }

    @Test
    void shouldLeaveNothingWhenSecondInsertOfSpawnFails() {
        final List<GrantRow> grants = new ArrayList<>(grants(1, 3));
        grants.add(new GrantRow(1, 99, "cap0", "send", 0));   // the same (holder, name) again: refused
        final StoreException e = assertThrows(StoreException.class,
            () -> store.registerSpawn(component(1), grants));
        assertTrue(e.getMessage().contains("register spawn of component 1"), e.getMessage());
        assertTrue(store.component(1).isEmpty(), "component of a failed spawn is visible");
        assertEquals(List.of(), store.grants(), "grants of a failed spawn are visible");
    }

    @Test
    void shouldLeaveNothingWhenGrantRefersToMissingHolder() {
        final List<GrantRow> grants = List.of(new GrantRow(1, 5, "a", "send", 0), new GrantRow(77, 5, "b", "send", 0));
        assertThrows(StoreException.class, () -> store.registerSpawn(component(1), grants));
        assertTrue(store.components().isEmpty());
        assertTrue(store.grants().isEmpty());
    }

    @Test
    void shouldKeepSpawnsWholeWhenProcessIsKilled() throws Exception {
        store.close();
        store = null;
        int registered = 0;
        for (int round = 0; round < 3; round++) {
            CrashChild.runAndKill(backend, "spawn", 5);
            try (StateStore s = backend.open()) {
                final Map<Long, Long> grantsByHolder = s.grants().stream()
                    .collect(Collectors.groupingBy(GrantRow::holder, Collectors.counting()));
                final List<ComponentRow> components = s.components();
                for (final ComponentRow c : components) {
                    assertEquals(GRANTS_PER_SPAWN, grantsByHolder.getOrDefault(c.id(), 0L),
                        "round " + round + ": component " + c.id() + " has a partial set of grants");
                }
                assertEquals(components.size(), grantsByHolder.size(), "grants without their component");
                assertTrue(components.size() >= registered + 5, "round " + round + ": lost committed spawns");
                registered = components.size();
            }
        }
    }
}
