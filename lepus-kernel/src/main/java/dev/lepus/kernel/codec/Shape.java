package dev.lepus.kernel.codec;

/**
 * What a position in a value may hold: a record component's declared type with its collection type arguments. Used to
 * refuse values of the wrong type on both sides, so that a decoded record never holds a list of the wrong element type.
 *
 * <p>Thread contract: immutable.
 */
final class Shape {

    /** Anything encodable. */
    static final Shape ANY = new Shape(Object.class, null, null);

    /** The erased type a value must be an instance of (boxed for primitives). */
    final Class<?> type;
    /** The element shape of a List or Set, the key shape of a Map, or null for {@link #ANY} elements. */
    private final Shape element;
    /** The value shape of a Map, or null for {@link #ANY}. */
    private final Shape value;

    Shape(final Class<?> type, final Shape element, final Shape value) {
        this.type = type;
        this.element = element;
        this.value = value;
    }

    boolean accepts(final Object v) {
        return type.isInstance(v);
    }

    /** Shape of list or set elements, or map keys. */
    Shape element() {
        return element == null ? ANY : element;
    }

    /** Shape of map values. */
    Shape value() {
        return value == null ? ANY : value;
    }

    String name() {
        return type.getName();
    }
}
