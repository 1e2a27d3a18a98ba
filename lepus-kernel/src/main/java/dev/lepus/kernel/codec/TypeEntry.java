package dev.lepus.kernel.codec;

import java.lang.invoke.MethodHandle;

/**
 * How the codec handles one class: its tag and, for a registered record or enum, its type id, components and
 * constructor, or constants.
 *
 * <p>Thread contract: immutable after construction; shared by every thread using the codec.
 */
final class TypeEntry {

    /** The entry of a class the codec cannot encode. */
    static final TypeEntry UNSUPPORTED = new TypeEntry(-1, Object.class, 0, null, null, null);

    /** A {@link CodecDescriptor} tag, or -1 if unsupported. */
    final int tag;
    /** The class (for an enum, the enum class). */
    final Class<?> type;
    /** The stable type id of a record or enum; 0 otherwise. */
    final int typeId;
    /** A record's components in declaration order; null otherwise. */
    final Component[] components;
    /** A record's canonical constructor as {@code (Object[])Object}; null otherwise. */
    final MethodHandle constructor;
    /** An enum's constants by ordinal; null otherwise. */
    final Object[] constants;

    TypeEntry(final int tag, final Class<?> type, final int typeId, final Component[] components,
              final MethodHandle constructor, final Object[] constants) {
        this.tag = tag;
        this.type = type;
        this.typeId = typeId;
        this.components = components;
        this.constructor = constructor;
        this.constants = constants;
    }

    /** The entry of a fixed value type. */
    static TypeEntry fixed(final int tag, final Class<?> type) {
        return new TypeEntry(tag, type, 0, null, null, null);
    }
}
