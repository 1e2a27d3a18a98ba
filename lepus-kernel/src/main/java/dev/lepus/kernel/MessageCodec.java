package dev.lepus.kernel;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import dev.lepus.kernel.codec.CapResolver;
import dev.lepus.kernel.codec.Codec;
import dev.lepus.kernel.codec.CodecBuffer;
import dev.lepus.kernel.codec.CodecException;

/**
 * The {@link Codec} as a kernel's journal uses it: types are registered on first sight (a system's message types are
 * not known before it runs), each new type is reported once so that the journal can name it for a later reader, and
 * a reader registers the types the journal names. The codec itself is immutable; a new type rebuilds it, which
 * happens once per type per kernel.
 *
 * <p>Thread contract: confined to one thread (a kernel's recorder, or a replay).
 */
final class MessageCodec {

    /** Told of each type registered for the first time. */
    @FunctionalInterface
    interface TypeListener {
        void registered(Class<?> type, int typeId);
    }

    private final LinkedHashSet<Class<?>> types = new LinkedHashSet<>();
    private Codec codec = Codec.builder().build();

    /**
     * Encodes a value, registering the record and enum types in it that are new.
     *
     * @throws CodecException if the value cannot be encoded even with its types registered
     */
    void encode(final Object value, final CapResolver caps, final CodecBuffer out, final TypeListener listener) {
        final Class<?> type = value instanceof Enum<?> e ? e.getDeclaringClass()
            : value instanceof Record ? value.getClass() : null;
        if (type != null && !codec.isRegistered(type)) {
            register(List.of(type), listener);
        }
        try {
            codec.encode(value, caps, out);
        } catch (final CodecException ex) {
            final List<Class<?>> found = new ArrayList<>();
            collectTypes(value, found, new IdentityHashMap<>());
            found.removeIf(types::contains);
            if (found.isEmpty()) {
                throw ex;
            }
            register(found, listener);
            codec.encode(value, caps, out);
        }
    }

    /** Decodes what {@link #encode} wrote, with the types registered so far. */
    Object decode(final byte[] src, final int off, final int len, final CapResolver caps) {
        return codec.decode(src, off, len, caps);
    }

    /** Registers a type a journal names (a reader's side). */
    void register(final Class<?> type) {
        if (!types.contains(type)) {
            register(List.of(type), (t, id) -> { });
        }
    }

    private void register(final List<Class<?>> added, final TypeListener listener) {
        final Codec.Builder b = Codec.builder();
        for (final Class<?> t : types) {
            b.register(t);
        }
        for (final Class<?> t : added) {
            b.register(t); // throws IllegalArgumentException naming the type if it cannot be encoded
        }
        codec = b.build();
        for (final Class<?> t : added) {
            if (types.add(t)) {
                listener.registered(t, Codec.typeId(t));
            }
        }
    }

    /** The record and enum classes inside a value (for a value whose nested types the codec did not know). */
    private static void collectTypes(final Object v, final List<Class<?>> out,
            final IdentityHashMap<Object, Boolean> seen) {
        if (v == null || seen.put(v, Boolean.TRUE) != null) {
            return;
        }
        if (v instanceof Enum<?> e) {
            out.add(e.getDeclaringClass());
        } else if (v instanceof Record r) {
            out.add(r.getClass());
            for (final RecordComponent rc : r.getClass().getRecordComponents()) {
                try {
                    final var accessor = rc.getAccessor();
                    accessor.setAccessible(true);
                    collectTypes(accessor.invoke(r), out, seen);
                } catch (final ReflectiveOperationException | RuntimeException ex) {
                    return; // the codec's own error names what is wrong
                }
            }
        } else if (v instanceof Collection<?> c) {
            for (final Object e : c) {
                collectTypes(e, out, seen);
            }
        } else if (v instanceof Map<?, ?> m) {
            for (final Map.Entry<?, ?> e : m.entrySet()) {
                collectTypes(e.getKey(), out, seen);
                collectTypes(e.getValue(), out, seen);
            }
        }
    }
}
