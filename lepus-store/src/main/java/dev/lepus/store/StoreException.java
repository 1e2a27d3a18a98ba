package dev.lepus.store;

/**
 * A store operation failed in the database: names the operation, the table and the key, and carries the
 * {@link java.sql.SQLException} as its cause.
 *
 * <p>Thread contract: immutable.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed: operation, table and key
     * @param cause   the database's error, or {@code null}
     */
    public StoreException(final String message, final Throwable cause) {
        super(message, cause);
    }

    /**
     * @param message what failed: operation, table and key
     */
    public StoreException(final String message) {
        super(message);
    }
}
