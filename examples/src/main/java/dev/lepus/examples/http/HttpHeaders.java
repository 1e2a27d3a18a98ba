package dev.lepus.examples.http;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The header fields of a request, in the order they came, names and values as sent (values without the whitespace
 * around them). Names are looked up ignoring case; a linear scan, which beats hashing for the dozen fields of a
 * typical request.
 *
 * <p>Thread contract: immutable; threadsafe.
 */
public final class HttpHeaders {

    /** Name of field {@code i} at {@code 2 * i}, its value at {@code 2 * i + 1}. */
    private final String[] namesAndValues;

    /**
     * Fields the parser has read; the array becomes this object's and must not be changed after.
     *
     * @param namesAndValues each name followed by its value
     */
    HttpHeaders(final String[] namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    /**
     * How many fields.
     *
     * @return the count
     */
    public int size() {
        return namesAndValues.length / 2;
    }

    /**
     * The name of a field, as sent.
     *
     * @param index 0 to {@link #size()} - 1
     * @return the name
     * @throws IndexOutOfBoundsException if out of range
     */
    public String name(final int index) {
        return namesAndValues[2 * Objects.checkIndex(index, size())];
    }

    /**
     * The value of a field.
     *
     * @param index 0 to {@link #size()} - 1
     * @return the value, without leading or trailing whitespace
     * @throws IndexOutOfBoundsException if out of range
     */
    public String value(final int index) {
        return namesAndValues[2 * Objects.checkIndex(index, size()) + 1];
    }

    /**
     * The value of the first field with a name, ignoring case.
     *
     * @param name the name
     * @return its value, or empty if no field has that name
     */
    public Optional<String> first(final String name) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                return Optional.of(namesAndValues[i + 1]);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a field has a name, ignoring case.
     *
     * @param name the name
     * @return true if there is one
     */
    public boolean contains(final String name) {
        return first(name).isPresent();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof HttpHeaders h && Arrays.equals(namesAndValues, h.namesAndValues);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(namesAndValues);
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            sb.append(i == 0 ? "" : ", ").append(namesAndValues[i]).append(": ").append(namesAndValues[i + 1]);
        }
        return sb.append('}').toString();
    }
}
