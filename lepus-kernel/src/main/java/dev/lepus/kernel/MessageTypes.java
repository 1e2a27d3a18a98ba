package dev.lepus.kernel;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import dev.lepus.api.Cap;

/**
 * Decides whether a class may be sent as a message: a record or enum whose components are immutable values
 * (primitives, strings, boxed primitives, a few immutable JDK values), caps, or other such records and enums, and
 * sealed interfaces all of whose subclasses are such. The verdict is cached per class, so only the first send of a
 * type pays for the check. The loader (a later issue) verifies the same rule on bytecode.
 *
 * <p>Thread contract: threadsafe.
 */
final class MessageTypes {

    private static final Set<Class<?>> VALUES = Set.of(
        String.class, Boolean.class, Byte.class, Short.class, Character.class, Integer.class, Long.class,
        Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class, Duration.class, Instant.class,
        LocalDate.class, LocalDateTime.class, Cap.class);

    private static final ClassValue<String> VERDICT = new ClassValue<>() {
        @Override
        protected String computeValue(final Class<?> type) {
            return refusal(type, type.getName(), new HashSet<>());
        }
    };

    private MessageTypes() {
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
        return path + " has type " + type.getTypeName() + ", which is not a known immutable value";
    }
}
