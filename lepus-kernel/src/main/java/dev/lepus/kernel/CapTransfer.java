package dev.lepus.kernel;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.lepus.api.Cap;

/**
 * Grant by message: the kernel knows from a message's type whether it can carry caps; only such messages pay for a
 * transfer. A transfer rebuilds the message with every cap inside it replaced by a cap derived for the receiver (same
 * rights and badge, child of the sender's cap), so that revoking the sender's cap revokes the receiver's too, and the
 * receiver's capability space shows where each cap came from. One-shot reply caps pass unchanged.
 *
 * <p>Thread contract: threadsafe (the caches are {@link ClassValue}s); called on the sender's kernel thread.
 */
final class CapTransfer {

    /** Whether values of a type can contain caps, computed from declared types. */
    private static final ClassValue<Boolean> CARRIES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(final Class<?> type) {
            return carries(type, new HashSet<>());
        }
    };

    /** How to take a record apart and build it again. */
    private record Shape(Method[] accessors, Constructor<?> constructor) {
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(final Class<?> type) {
            final RecordComponent[] rcs = type.getRecordComponents();
            final Method[] accessors = new Method[rcs.length];
            final Class<?>[] types = new Class<?>[rcs.length];
            for (int i = 0; i < rcs.length; i++) {
                accessors[i] = rcs[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = rcs[i].getType();
            }
            try {
                final Constructor<?> ctor = type.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                return new Shape(accessors, ctor);
            } catch (final NoSuchMethodException ex) {
                throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", ex);
            }
        }
    };

    private CapTransfer() {
    }

    /**
     * Whether a message of this class may contain caps.
     *
     * @param type the message's class
     * @return true if it must be transferred
     */
    static boolean carriesCaps(final Class<?> type) {
        return CARRIES.get(type);
    }

    /** Thrown when a message holds a cap that was revoked: the send is refused. */
    static final class RevokedCapException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RevokedCapException() {
            super(null, null, false, false);
        }
    }

    /**
     * The message rebuilt with caps derived for {@code receiver}.
     *
     * @param value the message (or a part of it)
     * @param receiver the component that will hold the derived caps
     * @return the rebuilt value (the same object when it holds no caps)
     * @throws RevokedCapException if a cap inside was revoked
     */
    static Object transfer(final Object value, final Cell receiver) {
        if (value instanceof Cap<?> cap) {
            final CapNode n = CapIssuer.node(cap);
            if (n.target instanceof ReplyEndpoint) {
                return value;
            }
            if (n.revoked) {
                throw new RevokedCapException();
            }
            return n.grantTo(receiver).cap();
        }
        final Class<?> type = value.getClass();
        if (type.isRecord()) {
            if (!CARRIES.get(type)) {
                return value;
            }
            final Shape shape = SHAPES.get(type);
            final Object[] args = new Object[shape.accessors().length];
            try {
                boolean changed = false;
                for (int i = 0; i < args.length; i++) {
                    final Object v = shape.accessors()[i].invoke(value);
                    args[i] = v == null ? null : transfer(v, receiver);
                    changed |= args[i] != v;
                }
                return changed ? shape.constructor().newInstance(args) : value;
            } catch (final IllegalAccessException | InstantiationException ex) {
                throw new IllegalStateException("cannot rebuild " + type.getName() + " to transfer its caps", ex);
            } catch (final InvocationTargetException ex) {
                throw new IllegalStateException("constructor of " + type.getName() + " threw while its caps were"
                    + " transferred: " + ex.getCause(), ex.getCause());
            }
        }
        if (value instanceof List<?> list) {
            final ArrayList<Object> out = new ArrayList<>(list.size());
            for (final Object e : list) {
                out.add(e == null ? null : transfer(e, receiver));
            }
            return out.stream().toList();
        }
        if (value instanceof Set<?> set) {
            final ArrayList<Object> out = new ArrayList<>(set.size());
            for (final Object e : set) {
                out.add(transfer(e, receiver));
            }
            return Set.copyOf(out);
        }
        if (value instanceof Map<?, ?> map) {
            final LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
            for (final Map.Entry<?, ?> e : map.entrySet()) {
                out.put(transfer(e.getKey(), receiver), transfer(e.getValue(), receiver));
            }
            return Map.copyOf(out);
        }
        return value;
    }

    /**
     * Visits every cap inside a value.
     *
     * @param value a message or part of one
     * @param visitor receives each cap's node
     */
    static void forEachCap(final Object value, final java.util.function.Consumer<CapNode> visitor) {
        if (value instanceof Cap<?> cap) {
            visitor.accept(CapIssuer.node(cap));
        } else if (value.getClass().isRecord() && CARRIES.get(value.getClass())) {
            final Shape shape = SHAPES.get(value.getClass());
            for (final Method accessor : shape.accessors()) {
                final Object v;
                try {
                    v = accessor.invoke(value);
                } catch (final IllegalAccessException | InvocationTargetException ex) {
                    throw new IllegalStateException("cannot read " + accessor, ex);
                }
                if (v != null) {
                    forEachCap(v, visitor);
                }
            }
        } else if (value instanceof java.util.Collection<?> c) {
            for (final Object e : c) {
                if (e != null) {
                    forEachCap(e, visitor);
                }
            }
        } else if (value instanceof Map<?, ?> m) {
            for (final Map.Entry<?, ?> e : m.entrySet()) {
                forEachCap(e.getKey(), visitor);
                forEachCap(e.getValue(), visitor);
            }
        }
    }

    private static boolean carries(final Class<?> type, final Set<Class<?>> seen) {
        if (type == Cap.class) {
            return true;
        }
        if (!type.isRecord() || !seen.add(type)) {
            return false;
        }
        for (final RecordComponent rc : type.getRecordComponents()) {
            if (carries(rc.getGenericType(), seen)) {
                return true;
            }
        }
        return false;
    }

    private static boolean carries(final Type type, final Set<Class<?>> seen) {
        if (type instanceof Class<?> c) {
            return carries(c, seen);
        }
        if (type instanceof ParameterizedType p) {
            if (p.getRawType() == Cap.class) {
                return true;
            }
            if (p.getRawType() instanceof Class<?> raw && raw.isRecord()) {
                return carries(raw, seen);
            }
            for (final Type arg : p.getActualTypeArguments()) {
                if (carries(arg, seen)) {
                    return true;
                }
            }
        }
        return false;
    }
}
