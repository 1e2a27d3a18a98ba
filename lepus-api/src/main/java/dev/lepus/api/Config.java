package dev.lepus.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A component's configuration: an immutable map from keys to strings, longs, doubles, booleans or nested
 * {@code Config}s, as written in the system description. Typed accessors fail with a message naming the key.
 *
 * <p>Thread contract: immutable and threadsafe.
 */
public final class Config {

    /** The empty configuration. */
    public static final Config EMPTY = new Config(Map.of());

    private final Map<String, Object> values;

    private Config(final Map<String, Object> values) {
        this.values = values;
    }

    /**
     * A configuration from a map whose values are String, Long, Integer, Double, Boolean or Config.
     *
     * @param values the entries, in order
     * @return the configuration
     */
    public static Config of(final Map<String, ?> values) {
        final Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            Objects.requireNonNull(value, () -> "config value of '" + key + "' is null");
            final Object v = value instanceof Integer i ? Long.valueOf(i) : value;
            if (!(v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean
                || v instanceof Config)) {
                throw new IllegalArgumentException(
                    "config value of '" + key + "' must be a string, integer, float, boolean or table, not "
                        + v.getClass().getName());
            }
            copy.put(key, v);
        });
        return new Config(Collections.unmodifiableMap(copy));
    }

    /**
     * The raw value of a key.
     *
     * @param key the key
     * @return the value, if present
     */
    public Optional<Object> value(final String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * An integer value.
     *
     * @param key the key
     * @param defaultValue returned when the key is absent
     * @return the value
     * @throws IllegalArgumentException if the value is not an integer
     */
    public long longValue(final String key, final long defaultValue) {
        return typed(key, Long.class, "an integer", defaultValue);
    }

    /**
     * An integer value that fits an int.
     *
     * @param key the key
     * @param defaultValue returned when the key is absent
     * @return the value
     */
    public int intValue(final String key, final int defaultValue) {
        final long v = longValue(key, defaultValue);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("config key '" + key + "' is out of int range: " + v);
        }
        return (int) v;
    }

    /**
     * A float value; integers are widened.
     *
     * @param key the key
     * @param defaultValue returned when the key is absent
     * @return the value
     */
    public double doubleValue(final String key, final double defaultValue) {
        final Object v = values.get(key);
        if (v instanceof Long l) {
            return l;
        }
        return typed(key, Double.class, "a float", defaultValue);
    }

    /**
     * A string value.
     *
     * @param key the key
     * @param defaultValue returned when the key is absent
     * @return the value
     */
    public String string(final String key, final String defaultValue) {
        return typed(key, String.class, "a string", defaultValue);
    }

    /**
     * A boolean value.
     *
     * @param key the key
     * @param defaultValue returned when the key is absent
     * @return the value
     */
    public boolean bool(final String key, final boolean defaultValue) {
        return typed(key, Boolean.class, "a boolean", defaultValue);
    }

    /**
     * All entries, in the order written.
     *
     * @return an unmodifiable map
     */
    public Map<String, Object> asMap() {
        return values;
    }

    private <T> T typed(final String key, final Class<T> type, final String what, final T defaultValue) {
        final Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException(
                "config key '" + key + "' must be " + what + ", but is " + v.getClass().getSimpleName() + " " + v);
        }
        return type.cast(v);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Config c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
