package dev.lepus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.lepus.api.Cap;
import dev.lepus.api.Spawn;
import dev.lepus.testkit.TestNode;

class LepusSqlTest {

    private TestNode node;

    @BeforeEach
    void setUp() {
        node = TestNode.withKernels(2);
        final Cap<Object> db = node.spawn(Spawn.of("db", Idle::new).onKernel(0));
        final Cap<Object> web = node.spawn(Spawn.of("web", Idle::new).onKernel(1));
        final Cap<Object> cache = node.spawn(Spawn.of("cache", Idle::new).onKernel(1));
        node.spawn(Spawn.of("log", Idle::new).onKernel(0));
        node.runUntilIdle();
        node.grant(web, "db", db, Cap.SEND | Cap.GRANT);
        node.grant(cache, "db", db, Cap.SEND);
        node.grant(web, "cache", cache, Cap.SEND);
        node.runUntilIdle();
    }

    @AfterEach
    void tearDown() {
        node.close();
    }

    @Test
    void shouldSelectComponentsByKernel() throws SQLException {
        final ResultTable r = LepusSql.query(node.node(),
            "SELECT name, kernel FROM components WHERE kernel = 1 ORDER BY name");
        assertEquals(List.of("name", "kernel"), r.columns());
        assertEquals(List.of(List.of("cache", 1L), List.of("web", 1L)), r.rows());
    }

    @Test
    void shouldTreatUnquotedIdentifiersCaseInsensitively() throws SQLException {
        final ResultTable r = LepusSql.query(node.node(), "SELECT NAME FROM Components WHERE Name = 'db'");
        assertEquals(List.of(List.of("db")), r.rows());
    }

    @Test
    void shouldJoinCapsAndComponentsToFindWhoHoldsACap() throws SQLException {
        final ResultTable r = LepusSql.query(node.node(),
            "SELECT c.name, c.kernel, k.rights FROM caps k JOIN components c ON c.name = k.holder"
                + " WHERE k.target = 'db' AND k.holder <> 'db' AND NOT k.revoked ORDER BY c.name");
        assertEquals(List.of(List.of("cache", 1L, "send"), List.of("web", 1L, "send,grant")), r.rows());
    }

    @Test
    void shouldCountComponentsPerKernel() throws SQLException {
        final ResultTable r = LepusSql.query(node.node(),
            "SELECT kernel, count(*) AS n FROM components GROUP BY kernel ORDER BY kernel");
        assertEquals(List.of("kernel", "n"), r.columns());
        assertEquals(List.of(List.of(0L, 2L), List.of(1L, 2L)), r.rows());
    }

    @Test
    void shouldAgreeBetweenKernelsAndComponentsWithinOneQuery() throws SQLException {
        final ResultTable r = LepusSql.query(node.node(),
            "SELECT k.kernel, k.components, (SELECT count(*) FROM components c WHERE c.kernel = k.kernel) AS counted"
                + " FROM kernels k ORDER BY k.kernel DESC");
        assertEquals(List.of(List.of(1L, 2L, 2L), List.of(0L, 2L, 2L)), r.rows());
    }

    @Test
    void shouldListEveryTable() throws SQLException {
        try (Connection c = LepusSql.connect(node.node())) {
            for (final String table : LepusSchema.columns().keySet()) {
                final ResultTable r = LepusSql.query(c, "SELECT * FROM " + table);
                assertEquals(LepusSchema.columns().get(table), r.columns(), table);
                final String named = "SELECT " + String.join(", ", LepusSchema.columns().get(table)) + " FROM " + table;
                assertEquals(r.columns(), LepusSql.query(c, named).columns(), named);
            }
            assertEquals(2, LepusSql.query(c, "SELECT * FROM channels").rows().size());
            assertEquals(List.of(List.of(2L, 4L, true)),
                LepusSql.query(c, "SELECT kernels, components, alive FROM nodes").rows());
            assertEquals(List.of(List.of(0L, false), List.of(1L, false)),
                LepusSql.query(c, "SELECT kernel, journaled FROM journal WHERE policy IS NULL ORDER BY kernel").rows());
        }
    }

    @Test
    void shouldReportTheErrorPosition() {
        final SQLException ex = assertThrows(SQLException.class,
            () -> LepusSql.query(node.node(), "SELECT nme FROM components"));
        assertTrue(AdminServer.message(ex).contains("line 1, column 8"), AdminServer.message(ex));
    }

    @Test
    void shouldSpellRights() {
        assertEquals("send,grant", LepusSchema.rightsText(Cap.SEND | Cap.GRANT));
        assertEquals("", LepusSchema.rightsText(0));
    }
}
