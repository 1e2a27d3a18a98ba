package dev.lepus.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Assumptions;

/**
 * A database the contract tests run against: embedded H2 in a temporary directory, or PostgreSQL on loopback in a
 * fresh schema that {@link #close()} drops. Not threadsafe.
 */
public abstract class Backend implements AutoCloseable {

    /** Environment variable with the PostgreSQL test database's URL. */
    public static final String PG_URL_ENV = "LEPUS_TEST_PG_URL";

    /**
     * @return the URL to give {@link StateStore#open}: {@code null} for embedded H2
     */
    public abstract String jdbcUrlOrNull();

    /**
     * @return the data directory
     */
    public abstract Path dataDir();

    /**
     * @return a store on this backend
     */
    public StateStore open() {
        return StateStore.open(jdbcUrlOrNull(), dataDir());
    }

    @Override
    public void close() {
    }

    /**
     * @param dir a temporary directory
     * @return embedded H2 under {@code dir}
     */
    public static Backend h2(final Path dir) {
        return new Backend() {
            @Override
            public String jdbcUrlOrNull() {
                return null;
            }

            @Override
            public Path dataDir() {
                return dir;
            }

            @Override
            public String toString() {
                return "H2";
            }
        };
    }

    /**
     * Skips the calling test, with a clear message, when {@value #PG_URL_ENV} is unset or PostgreSQL does not answer.
     *
     * @param dir a temporary directory
     * @return PostgreSQL, in a schema of its own
     */
    public static Backend postgres(final Path dir) {
        final String base = System.getenv(PG_URL_ENV);
        Assumptions.assumeTrue(base != null && !base.isBlank(), "PostgreSQL not reachable: set " + PG_URL_ENV
            + " (for example jdbc:postgresql://127.0.0.1:5432/lepus?user=lepus&password=lepus)");
        final String schema = "lepus_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (final SQLException e) {
            Assumptions.abort("PostgreSQL not reachable at " + Database.redact(base) + ": " + e.getMessage()
                + "; set " + PG_URL_ENV + " to a database that answers");
        }
        final String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Backend() {
            @Override
            public String jdbcUrlOrNull() {
                return url;
            }

            @Override
            public Path dataDir() {
                return dir;
            }

            @Override
            public void close() {
                try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                } catch (final SQLException e) {
                    throw new IllegalStateException("cannot drop test schema " + schema, e);
                }
            }

            @Override
            public String toString() {
                return "PostgreSQL";
            }
        };
    }
}
