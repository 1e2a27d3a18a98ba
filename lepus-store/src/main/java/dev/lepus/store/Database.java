package dev.lepus.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The transactional database under the store: a pool of JDBC connections to embedded H2 (file mode, PostgreSQL
 * compatibility) or to PostgreSQL, migrated by Flyway from {@code db/lepus} on the class path, and the one way the
 * store runs SQL: {@link #inTransaction}, which commits or rolls back as a whole and retries, a bounded number of
 * times, a transaction the database aborted for a deadlock, a lock time-out or a serialization failure.
 *
 * <p>Thread contract: threadsafe. Each transaction runs on the calling thread with its own connection.
 */
public final class Database implements AutoCloseable {

    /** The database products the store runs on. */
    public enum Dialect {
        /** Embedded H2 in file mode. */
        H2,
        /** PostgreSQL. */
        POSTGRESQL
    }

    /** A unit of work on one connection inside one transaction. */
    @FunctionalInterface
    public interface SqlWork<T> {
        /**
         * @param c the connection, with auto-commit off; do not commit, roll back or close it
         * @return the result
         * @throws SQLException when a statement fails; the transaction is rolled back
         */
        T run(Connection c) throws SQLException;
    }

    /** How many times a transaction aborted by the database for a transient reason is tried in all. */
    public static final int MAX_ATTEMPTS = 8;

    /** The connections in the pool, unless {@value #POOL_SIZE_PROP_NAME} says otherwise. */
    public static final int DEFAULT_POOL_SIZE = 8;

    /** System property: the number of pooled connections. */
    public static final String POOL_SIZE_PROP_NAME = "lepus.store.poolSize";

    /** How long H2 waits for a row lock before it aborts the transaction (then retried). */
    static final int H2_LOCK_TIMEOUT_MS = 10_000;

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String description;

    private Database(final HikariDataSource pool, final Dialect dialect, final String description) {
        this.pool = pool;
        this.dialect = dialect;
        this.description = description;
    }

    /**
     * Opens the database and brings its schema up to date.
     *
     * @param jdbcUrlOrNull {@code null} for embedded H2 under {@code dataDir/state}, or a
     *                      {@code jdbc:postgresql://...} URL
     * @param dataDir       where embedded H2 keeps its file; unused for PostgreSQL
     * @return the open database
     * @throws StoreException when it cannot be reached or migrated
     */
    public static Database open(final String jdbcUrlOrNull, final Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        final HikariConfig config = new HikariConfig();
        final Dialect dialect;
        final String description;
        if (jdbcUrlOrNull == null) {
            final Path dir = dataDir.resolve("state").toAbsolutePath();
            try {
                Files.createDirectories(dir);
            } catch (final java.io.IOException e) {
                throw new StoreException("cannot create the embedded database directory " + dir + ": " + e, e);
            }
            config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("lepus") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                + ";DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;LOCK_TIMEOUT=" + H2_LOCK_TIMEOUT_MS);
            config.setDriverClassName("org.h2.Driver");
            dialect = Dialect.H2;
            description = "embedded H2 at " + dir;
        } else if (jdbcUrlOrNull.startsWith("jdbc:postgresql:")) {
            config.setJdbcUrl(jdbcUrlOrNull);
            config.setDriverClassName("org.postgresql.Driver");
            dialect = Dialect.POSTGRESQL;
            description = "PostgreSQL at " + redact(jdbcUrlOrNull);
        } else {
            throw new IllegalArgumentException("unsupported JDBC URL " + redact(jdbcUrlOrNull)
                + ": give null for embedded H2 or a jdbc:postgresql:// URL");
        }
        config.setMaximumPoolSize(Integer.getInteger(POOL_SIZE_PROP_NAME, DEFAULT_POOL_SIZE));
        config.setAutoCommit(false);
        config.setPoolName("lepus-store");
        config.setInitializationFailTimeout(-1);
        final HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure(Database.class.getClassLoader())
                .dataSource(pool)
                .locations("classpath:db/lepus")
                .loggers("slf4j")
                .load()
                .migrate();
        } catch (final FlywayException | IllegalStateException e) {
            pool.close();
            throw new StoreException("cannot open " + description + ": schema migration failed: " + e.getMessage(),
                e);
        } catch (final RuntimeException e) {
            pool.close();
            throw new StoreException("cannot open " + description + ": " + e.getMessage(), e);
        }
        return new Database(pool, dialect, description);
    }

    /**
     * @return the database product
     */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * @return the pooled data source, for tools that read the tables; the store itself goes through
     *     {@link #inTransaction}
     */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * @param sequence a sequence's name
     * @return a query whose one row and column is the sequence's next value, in this dialect
     */
    public String nextValueSql(final String sequence) {
        return switch (dialect) {
            case H2 -> "SELECT NEXT VALUE FOR " + sequence;
            case POSTGRESQL -> "SELECT nextval('" + sequence + "')";
        };
    }

    /**
     * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws. A transaction that
     * the database aborts for a deadlock, a lock time-out or a serialization failure is run again, up to
     * {@value #MAX_ATTEMPTS} times in all.
     *
     * @param what what the work does, for error messages ("insert component 7")
     * @param work the work
     * @param <T>  its result
     * @return its result
     * @throws StoreException when the database fails, naming {@code what}; runtime exceptions of {@code work}
     *                        pass through after the rollback
     */
    public <T> T inTransaction(final String what, final SqlWork<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try (Connection c = pool.getConnection()) {
                try {
                    final T result = work.run(c);
                    c.commit();
                    return result;
                } catch (final SQLException | RuntimeException e) {
                    rollbackQuietly(c, e);
                    throw e;
                }
            } catch (final SQLException e) {
                if (!isTransient(e)) {
                    throw new StoreException(what + " failed on " + description + ": " + explain(e) + ": "
                        + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
                }
                last = e;
                Thread.onSpinWait();
            }
        }
        throw new StoreException(what + " failed on " + description + " after " + MAX_ATTEMPTS
            + " attempts, each aborted by the database: " + last.getMessage(), last);
    }

    private static void rollbackQuietly(final Connection c, final Throwable cause) {
        try {
            c.rollback();
        } catch (final SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * @param e a failure
     * @return whether the database aborted the transaction for a reason that a new attempt may not meet
     */
    static boolean isTransient(final SQLException e) {
        final String state = e.getSQLState();
        if (state == null) {
            return false;
        }
        // 40001 serialization failure (both), 40P01 deadlock (PostgreSQL), HYT00 lock time-out (H2),
        // 55P03 lock not available (PostgreSQL).
        return state.equals("40001") || state.equals("40P01") || state.equals("HYT00") || state.equals("55P03");
    }

    private static String explain(final SQLException e) {
        final String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (state) {
            case "23505" -> "the key already exists";
            case "23503", "23506" -> "it refers to a row that does not exist, or is still referred to";
            case "23502" -> "a required value is missing";
            default -> state.startsWith("08") ? "the connection failed" : "the database refused it";
        };
    }

    /**
     * @param url a JDBC URL
     * @return the URL without its password
     */
    static String redact(final String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return description;
    }

    /** Closes the pool; embedded H2 closes its file when the last connection goes. */
    @Override
    public void close() {
        pool.close();
    }
}
