package dev.lepus.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable OS state in a transactional database: the component registry, the grants, the system description that
 * booted and the snapshot index, each with a small typed API. Embedded H2 by default, PostgreSQL when a cluster
 * shares the state. Every method is one transaction; {@link #registerSpawn} puts a component and its grants in one,
 * so a crash never leaves a component registered without all its grants.
 *
 * <p>Thread contract: threadsafe; each call runs on the calling thread and may block on the database. Kernels must
 * not call it from a duty cycle; they go through an asynchronous service.
 */
public final class StateStore implements AutoCloseable {

    private static final String COMPONENT_COLUMNS =
        "id, name, class_name, kernel, priority, config, state, spawned_at";
    private static final String GRANT_COLUMNS = "holder, target, name, rights, badge";

    private final Database db;

    private StateStore(final Database db) {
        this.db = db;
    }

    /**
     * Opens the state store and migrates its schema.
     *
     * @param jdbcUrlOrNull {@code null} for embedded H2 in file mode under {@code dataDir/state} (nothing to
     *                      install), or a {@code jdbc:postgresql://host:port/db?user=..&password=..} URL
     * @param dataDir       the node's data directory
     * @return the open store
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static StateStore open(final String jdbcUrlOrNull, final Path dataDir) {
        return new StateStore(Database.open(jdbcUrlOrNull, dataDir));
    }

    /**
     * @return the database under the store, which {@code FileStore} shares
     */
    public Database database() {
        return db;
    }

    // ---------------------------------------------------------------------------------------------------------
    // component_registry and grants

    /**
     * Registers a spawned component and its grants in one transaction: afterwards either all of them are visible or,
     * when this throws, none.
     *
     * @param component the component
     * @param grants    its grants (the holders must be registered, or be {@code component})
     * @throws StoreException when an insert fails (for example a duplicate id or grant name); nothing is registered
     */
    public void registerSpawn(final ComponentRow component, final List<GrantRow> grants) {
        Objects.requireNonNull(component, "component");
        final List<GrantRow> copy = List.copyOf(grants);
        db.inTransaction("register spawn of component " + component.id() + " (" + component.name() + ") with "
            + copy.size() + " grants", c -> {
                insertComponent(c, component);
                insertGrants(c, copy);
                return null;
            });
    }

    /**
     * @param component a component to register, without grants
     * @throws StoreException when the id is taken
     */
    public void insertComponent(final ComponentRow component) {
        Objects.requireNonNull(component, "component");
        db.inTransaction("insert component " + component.id() + " (" + component.name() + ")", c -> {
            insertComponent(c, component);
            return null;
        });
    }

    /**
     * @param id a component id
     * @param state its new life-cycle state
     * @return whether the component was registered
     */
    public boolean updateComponentState(final long id, final String state) {
        Objects.requireNonNull(state, "state");
        return db.inTransaction("update state of component " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE component_registry SET state = ? WHERE id = ?")) {
                ps.setString(1, state);
                ps.setLong(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * @param id a component id
     * @return the component, if registered
     */
    public Optional<ComponentRow> component(final long id) {
        return db.inTransaction("read component " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COMPONENT_COLUMNS + " FROM component_registry WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(componentRow(rs)) : Optional.<ComponentRow>empty();
                }
            }
        });
    }

    /**
     * @return every registered component, by id
     */
    public List<ComponentRow> components() {
        return db.inTransaction("list components", c -> {
            final List<ComponentRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COMPONENT_COLUMNS + " FROM component_registry ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(componentRow(rs));
                }
            }
            return rows;
        });
    }

    /**
     * Deletes a component and, in the same transaction, the grants it holds.
     *
     * @param id a component id
     * @return whether it was registered
     */
    public boolean deleteComponent(final long id) {
        return db.inTransaction("delete component " + id, c -> {
            try (PreparedStatement g = c.prepareStatement("DELETE FROM grants WHERE holder = ?");
                 PreparedStatement ps = c.prepareStatement("DELETE FROM component_registry WHERE id = ?")) {
                g.setLong(1, id);
                g.executeUpdate();
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * @param grant a grant whose holder is registered
     * @throws StoreException when the holder is not registered or already holds a grant of that name
     */
    public void insertGrant(final GrantRow grant) {
        Objects.requireNonNull(grant, "grant");
        db.inTransaction("insert grant '" + grant.name() + "' of holder " + grant.holder(), c -> {
            insertGrants(c, List.of(grant));
            return null;
        });
    }

    /**
     * @return every grant, by holder and name
     */
    public List<GrantRow> grants() {
        return db.inTransaction("list grants", c -> queryGrants(c,
            "SELECT " + GRANT_COLUMNS + " FROM grants ORDER BY holder, name", null));
    }

    /**
     * @param holder a component id
     * @return the grants it holds, by name
     */
    public List<GrantRow> grantsOf(final long holder) {
        return db.inTransaction("list grants of holder " + holder, c -> queryGrants(c,
            "SELECT " + GRANT_COLUMNS + " FROM grants WHERE holder = ? ORDER BY name", holder));
    }

    /**
     * @param holder a component id
     * @param name   the name of one of its grants
     * @return whether the grant existed
     */
    public boolean deleteGrant(final long holder, final String name) {
        Objects.requireNonNull(name, "name");
        return db.inTransaction("delete grant '" + name + "' of holder " + holder, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM grants WHERE holder = ? AND name = ?")) {
                ps.setLong(1, holder);
                ps.setString(2, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // system_description

    /**
     * @param row the description that booted
     * @throws StoreException when the id is taken
     */
    public void insertSystemDescription(final SystemDescriptionRow row) {
        Objects.requireNonNull(row, "row");
        db.inTransaction("insert system description " + row.id() + " (" + row.name() + ")", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO system_description (id, name, toml, booted_at) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, row.id());
                ps.setString(2, row.name());
                ps.setString(3, row.toml());
                ps.setObject(4, timestamp(row.bootedAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * @return every description that booted, oldest first
     */
    public List<SystemDescriptionRow> systemDescriptions() {
        return db.inTransaction("list system descriptions", c -> {
            final List<SystemDescriptionRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, toml, booted_at FROM system_description ORDER BY booted_at, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SystemDescriptionRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                        instant(rs, 4)));
                }
            }
            return rows;
        });
    }

    /**
     * @return the description that booted last, if any
     */
    public Optional<SystemDescriptionRow> latestSystemDescription() {
        final List<SystemDescriptionRow> all = systemDescriptions();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /**
     * @param id a boot's id
     * @return whether it existed
     */
    public boolean deleteSystemDescription(final long id) {
        return db.inTransaction("delete system description " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM system_description WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // snapshot_index

    /**
     * @param row a snapshot's place in the journal
     * @throws StoreException when the component already has a snapshot at that sequence number
     */
    public void insertSnapshot(final SnapshotRow row) {
        Objects.requireNonNull(row, "row");
        db.inTransaction("insert snapshot of component " + row.componentId() + " at seq " + row.seq(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshot_index "
                + "(component_id, seq, journal_file, journal_offset, taken_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, row.componentId());
                ps.setLong(2, row.seq());
                ps.setString(3, row.journalFile());
                ps.setLong(4, row.journalOffset());
                ps.setObject(5, timestamp(row.takenAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * @param componentId a component
     * @return its snapshots, by sequence number
     */
    public List<SnapshotRow> snapshotsOf(final long componentId) {
        return db.inTransaction("list snapshots of component " + componentId, c -> {
            final List<SnapshotRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT component_id, seq, journal_file, journal_offset,"
                + " taken_at FROM snapshot_index WHERE component_id = ? ORDER BY seq")) {
                ps.setLong(1, componentId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new SnapshotRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                            instant(rs, 5)));
                    }
                }
            }
            return rows;
        });
    }

    /**
     * @param componentId a component
     * @return its newest snapshot, if any
     */
    public Optional<SnapshotRow> latestSnapshot(final long componentId) {
        final List<SnapshotRow> all = snapshotsOf(componentId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /**
     * @param componentId a component
     * @param seqBelow    the first sequence number to keep
     * @return how many snapshots of the component below {@code seqBelow} were deleted
     */
    public int deleteSnapshotsBefore(final long componentId, final long seqBelow) {
        return db.inTransaction("delete snapshots of component " + componentId + " before seq " + seqBelow, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM snapshot_index WHERE component_id = ? AND seq < ?")) {
                ps.setLong(1, componentId);
                ps.setLong(2, seqBelow);
                return ps.executeUpdate();
            }
        });
    }

    /** Closes the connections. */
    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "StateStore[" + db + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void insertComponent(final Connection c, final ComponentRow r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO component_registry (" + COMPONENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, r.id());
            ps.setString(2, r.name());
            ps.setString(3, r.className());
            ps.setInt(4, r.kernel());
            ps.setInt(5, r.priority());
            ps.setString(6, r.config());
            ps.setString(7, r.state());
            ps.setObject(8, timestamp(r.spawnedAt()));
            ps.executeUpdate();
        }
    }

    private static void insertGrants(final Connection c, final List<GrantRow> grants) throws SQLException {
        if (grants.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO grants (" + GRANT_COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
            for (final GrantRow g : grants) {
                ps.setLong(1, g.holder());
                ps.setLong(2, g.target());
                ps.setString(3, g.name());
                ps.setString(4, g.rights());
                ps.setLong(5, g.badge());
                ps.executeUpdate();
            }
        }
    }

    private static List<GrantRow> queryGrants(final Connection c, final String sql, final Long holder)
        throws SQLException {
        final List<GrantRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (holder != null) {
                ps.setLong(1, holder);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new GrantRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5)));
                }
            }
        }
        return rows;
    }

    private static ComponentRow componentRow(final ResultSet rs) throws SQLException {
        return new ComponentRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
            rs.getString(6), rs.getString(7), instant(rs, 8));
    }

    /**
     * @param instant an instant
     * @return it as a JDBC 4.2 value both drivers take for {@code TIMESTAMP WITH TIME ZONE}
     */
    public static OffsetDateTime timestamp(final Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * @param rs     a result set
     * @param column a {@code TIMESTAMP WITH TIME ZONE} column
     * @return its value
     * @throws SQLException when it cannot be read
     */
    public static Instant instant(final ResultSet rs, final int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
