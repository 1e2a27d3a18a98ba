package dev.lepus.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;

import dev.lepus.kernel.Node;
import dev.lepus.kernel.journal.JournalSettings;

/**
 * SQL over a running node: a Calcite JDBC connection whose default schema is {@code lepus} ({@link LepusSchema}).
 * Unquoted identifiers are case-insensitive; double quotes quote; each query reads one {@code Node#state()} snapshot.
 *
 * <p>Thread contract: threadsafe (each call opens its own connection; a connection follows JDBC rules).
 */
public final class LepusSql {

    /** The schema's name. */
    public static final String SCHEMA = "lepus";

    private LepusSql() {
    }

    /**
     * A JDBC connection to a node's tables.
     *
     * @param node the node
     * @return the connection; close it
     * @throws SQLException if Calcite cannot open one
     */
    public static Connection connect(final Node node) throws SQLException {
        return connect(node, Optional.empty());
    }

    /**
     * A JDBC connection to a node's tables, with its journal settings for the {@code journal} table.
     *
     * @param node the node
     * @param journal its journal settings, if known
     * @return the connection; close it
     * @throws SQLException if Calcite cannot open one
     */
    public static Connection connect(final Node node, final Optional<JournalSettings> journal) throws SQLException {
        final Properties info = new Properties();
        info.setProperty("caseSensitive", "false");
        info.setProperty("unquotedCasing", "UNCHANGED");
        info.setProperty("quotedCasing", "UNCHANGED");
        info.setProperty("quoting", "DOUBLE_QUOTE");
        info.setProperty("conformance", "DEFAULT");
        final Connection c = new org.apache.calcite.jdbc.Driver().connect("jdbc:calcite:", info);
        if (c == null) {
            throw new SQLException("Calcite refused the URL jdbc:calcite:");
        }
        try {
            final CalciteConnection cc = c.unwrap(CalciteConnection.class);
            final SchemaPlus root = cc.getRootSchema();
            root.add(SCHEMA, new LepusSchema(node, journal));
            cc.setSchema(SCHEMA);
            return c;
        } catch (final SQLException | RuntimeException ex) {
            c.close();
            throw ex;
        }
    }

    /**
     * Runs one query.
     *
     * @param node the node
     * @param sql the query
     * @return its result
     * @throws SQLException if the query is wrong (the message carries Calcite's position) or fails
     */
    public static ResultTable query(final Node node, final String sql) throws SQLException {
        try (Connection c = connect(node)) {
            return query(c, sql);
        }
    }

    /**
     * Runs one query on a connection from {@link #connect(Node)}.
     *
     * @param connection the connection
     * @param sql the query
     * @return its result
     * @throws SQLException if the query is wrong or fails
     */
    public static ResultTable query(final Connection connection, final String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            final ResultSetMetaData md = rs.getMetaData();
            final int n = md.getColumnCount();
            final List<String> columns = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                columns.add(md.getColumnLabel(i));
            }
            final List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                final List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(normalize(rs.getObject(i)));
                }
                rows.add(row);
            }
            return new ResultTable(columns, rows);
        }
    }

    private static Object normalize(final Object v) {
        return switch (v) {
            case null -> null;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case java.math.BigDecimal d -> d.scale() <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
            case Float f -> f.doubleValue();
            case Long l -> l;
            case Double d -> d;
            case Boolean b -> b;
            default -> v.toString();
        };
    }
}
