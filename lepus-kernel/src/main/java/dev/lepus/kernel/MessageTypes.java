package dev.lepus.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.lepus.api.Cap;

/**
 * Decides whether a class may be sent as a message: a record or enum whose components are immutable values
 * (primitives, strings, boxed primitives, a few immutable JDK values), caps, or other such records and enums, and
 * sealed interfaces all of whose subclasses are such. The verdict is cached per class, so only the first send of a
 * type pays for the check. The loader (a later issue) verifies the same rule on bytecode.
 *
 * <p>A record component may also be a {@code List}, {@code Set} or {@code Map} of such values. Its type alone cannot
 * show that the collection is immutable, so the values of such "dynamic" types are checked at every send: each
 * collection must be one of the JDK's immutable collections ({@code List.of}, {@code List.copyOf},
 * {@code Stream.toList}, {@code Set.of}, {@code Map.of} ...), and each element an accepted value.
 *
 * <p>Thread contract: threadsafe.
 */
final class MessageTypes {

    private static final Set<Class<?>> VALUES = Set.of(
        String.class, Boolean.class, Byte.class, Short.class, Character.class, Integer.class, Long.class,
        Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class, Duration.class, Instant.class,
        LocalDate.class, LocalDateTime.class, Cap.class, dev.lepus.api.Bytes.class);

    private static final ClassValue<String> VERDICT = new ClassValue<>() {
        @Override
        protected String computeValue(final Class<?> type) {
            return refusal(type, type.getName(), new HashSet<>());
        }
    };

    /** Types whose values need a check at every send: records with collection components, directly or nested. */
    private static final ClassValue<Boolean> DYNAMIC = new ClassValue<>() {
        @Override
        protected Boolean computeValue(final Class<?> type) {
            return dynamic(type, new HashSet<>());
        }
    };

    /** The accessors of a dynamic record's components, made accessible once. */
    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(final Class<?> type) {
            final RecordComponent[] rcs = type.getRecordComponents();
            final Method[] accessors = new Method[rcs.length];
            for (int i = 0; i < rcs.length; i++) {
                accessors[i] = rcs[i].getAccessor();
                accessors[i].setAccessible(true);
            }
            return accessors;
        }
    };

    private MessageTypes() {
    }

    /**
     * Checks a message: its type once, and its value too if the type holds collections.
     *
     * @param message the message
     * @return true if the type's verdict covers every value of it (the caller may cache it); false if each value
     *     must be checked again
     * @throws IllegalArgumentException naming the type and what is wrong
     */
    static boolean checkMessage(final Object message) {
        final Class<?> type = message.getClass();
        check(type);
        if (DYNAMIC.get(type)) {
            checkValue(message, type.getName());
            return false;
        }
        return true;
    }

    private static void checkValue(final Object value, final String path) {
        final Class<?> type = value.getClass();
        if (type.isRecord()) {
            if (!DYNAMIC.get(type)) {
                return;
            }
            final RecordComponent[] rcs = type.getRecordComponents();
            final Method[] accessors = ACCESSORS.get(type);
            for (int i = 0; i < accessors.length; i++) {
                final Object v;
                try {
                    v = accessors[i].invoke(value);
                } catch (final IllegalAccessException | InvocationTargetException ex) {
                    throw new IllegalArgumentException("cannot read " + path + "." + rcs[i].getName(), ex);
                }
                if (v != null) {
                    checkValue(v, path + "." + rcs[i].getName());
                }
            }
            return;
        }
        if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
            if (!type.getName().startsWith("java.util.ImmutableCollections$")) {
                throw new IllegalArgumentException("message value " + path + " is a " + type.getName()
                    + ", which is mutable: use List.of, List.copyOf, Set.of, Map.of or Stream.toList");
            }
            final Iterable<?> elements = value instanceof Map<?, ?> m ? m.entrySet() : (Collection<?>) value;
            int i = 0;
            for (final Object e : elements) {
                if (e instanceof Map.Entry<?, ?> entry) {
                    checkElement(entry.getKey(), path + "[key " + i + "]");
                    checkElement(entry.getValue(), path + "[" + entry.getKey() + "]");
                } else {
                    checkElement(e, path + "[" + i + "]");
                }
                i++;
            }
        }
    }

    private static void checkElement(final Object e, final String path) {
        final Class<?> type = e.getClass();
        final String refusal = VERDICT.get(type);
        if (!refusal.isEmpty() && !(e instanceof Collection<?>) && !(e instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("message value " + path + " is refused: " + refusal);
        }
        checkValue(e, path);
    }

    private static boolean dynamic(final Class<?> type, final Set<Class<?>> seen) {
        if (!type.isRecord() || !seen.add(type)) {
            return false;
        }
        for (final RecordComponent rc : type.getRecordComponents()) {
            final Class<?> c = rc.getType();
            if (c == List.class || c == Set.class || c == Map.class || dynamic(c, seen)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks a message's type.
     *
     * @param type the runtime class of a message
     * @throws IllegalArgumentException naming the type and the offending component if it is refused
     */
    static void check(final Class<?> type) {
        final String refusal = VERDICT.get(type);
        if (!refusal.isEmpty()) {
            throw new IllegalArgumentException("message type " + type.getName() + " is refused: " + refusal
                + " (messages must be records or enums of primitives, strings, boxed primitives, enums, caps and"
                + " such records)");
        }
    }

    /** Returns "" if accepted, else why not. */
    private static String refusal(final Class<?> type, final String path, final Set<Class<?>> seen) {
        if (type.isPrimitive() || VALUES.contains(type) || type.isEnum()
            || (type.getSuperclass() != null && type.getSuperclass().isEnum())) {
            return "";
        }
        if (!seen.add(type)) {
            return "";
        }
        if (type.isRecord()) {
            for (final RecordComponent rc : type.getRecordComponents()) {
                final String sub = componentRefusal(rc.getGenericType(), path + "." + rc.getName(), seen);
                if (!sub.isEmpty()) {
                    return sub;
                }
            }
            return "";
        }
        if (type.isInterface() && type.isSealed()) {
            for (final Class<?> sub : type.getPermittedSubclasses()) {
                final String r = refusal(sub, path + " (permits " + sub.getSimpleName() + ")", seen);
                if (!r.isEmpty()) {
                    return r;
                }
            }
            return "";
        }
        if (type.isArray()) {
            return path + " is an array, which is mutable";
        }
        return path + " has type " + type.getName() + ", which is not a known immutable value";
    }

    private static String componentRefusal(final Type type, final String path, final Set<Class<?>> seen) {
        if (type instanceof Class<?> c) {
            return refusal(c, path, seen);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Cap.class) {
            return "";
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw && raw.isRecord()) {
            return refusal(raw, path, seen);
        }
        if (type instanceof ParameterizedType p
            && (p.getRawType() == List.class || p.getRawType() == Set.class || p.getRawType() == Map.class)) {
            for (final Type arg : p.getActualTypeArguments()) {
                final String sub = componentRefusal(arg, path + "<" + arg.getTypeName() + ">", new HashSet<>(seen));
                if (!sub.isEmpty()) {
                    return sub;
                }
            }
            return "";
        }
        return path + " has type " + type.getTypeName() + ", which is not a known immutable value";
    }
}
