package dev.lepus.kernel.codec;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * One record component: its kind, which decides the wire form, and an accessor typed for that kind, so that reading a
 * primitive component does not box it. Accessors are spun with {@link LambdaMetafactory} (a real class per accessor,
 * which the JIT inlines like a hand-written getter) and fall back to a {@link MethodHandle} wrapper where the lookup
 * lacks the full privilege that needs (a record in another module or class loader).
 *
 * <p>Thread contract: immutable after construction.
 */
final class Component {

    static final int K_BOOLEAN = 0;
    static final int K_BYTE = 1;
    static final int K_SHORT = 2;
    static final int K_CHAR = 3;
    static final int K_INT = 4;
    static final int K_LONG = 5;
    static final int K_FLOAT = 6;
    static final int K_DOUBLE = 7;
    static final int K_REF = 8;

    /** One of the {@code K_} constants. */
    final int kind;
    /** {@code Record.component}, for messages. */
    final String name;
    /** What a reference component may hold; null for primitives. */
    final Shape shape;
    /** The accessor for {@link #K_BOOLEAN}, else null. */
    final Predicate<Object> booleanGetter;
    /** The accessor for byte, short, char and int components (widened to int), else null. */
    final ToIntFunction<Object> intGetter;
    /** The accessor for {@link #K_LONG}, else null. */
    final ToLongFunction<Object> longGetter;
    /** The accessor for float and double components (widened to double), else null. */
    final ToDoubleFunction<Object> doubleGetter;
    /** The accessor for {@link #K_REF}, else null. */
    final Function<Object, Object> refGetter;

    @SuppressWarnings("unchecked")
    Component(final MethodHandles.Lookup lookup, final Class<?> record, final MethodHandle accessor,
              final String name, final Shape shape) {
        this.name = name;
        this.shape = shape;
        final Class<?> t = accessor.type().returnType();
        this.kind = kindOf(t);
        final Object g = switch (kind) {
            case K_BOOLEAN -> spin(lookup, record, accessor, Predicate.class, "test", boolean.class);
            case K_BYTE, K_SHORT, K_CHAR, K_INT -> spin(lookup, record, accessor, ToIntFunction.class, "applyAsInt",
                int.class);
            case K_LONG -> spin(lookup, record, accessor, ToLongFunction.class, "applyAsLong", long.class);
            case K_FLOAT, K_DOUBLE -> spin(lookup, record, accessor, ToDoubleFunction.class, "applyAsDouble",
                double.class);
            default -> spin(lookup, record, accessor, Function.class, "apply", Object.class);
        };
        this.booleanGetter = kind == K_BOOLEAN ? (Predicate<Object>) g : null;
        this.intGetter = kind >= K_BYTE && kind <= K_INT ? (ToIntFunction<Object>) g : null;
        this.longGetter = kind == K_LONG ? (ToLongFunction<Object>) g : null;
        this.doubleGetter = kind == K_FLOAT || kind == K_DOUBLE ? (ToDoubleFunction<Object>) g : null;
        this.refGetter = kind == K_REF ? (Function<Object, Object>) g : null;
    }

    static int kindOf(final Class<?> t) {
        if (t == boolean.class) {
            return K_BOOLEAN;
        } else if (t == byte.class) {
            return K_BYTE;
        } else if (t == short.class) {
            return K_SHORT;
        } else if (t == char.class) {
            return K_CHAR;
        } else if (t == int.class) {
            return K_INT;
        } else if (t == long.class) {
            return K_LONG;
        } else if (t == float.class) {
            return K_FLOAT;
        } else if (t == double.class) {
            return K_DOUBLE;
        }
        return K_REF;
    }

    /** The boxed class of a primitive kind's constructor argument. */
    static Class<?> boxOf(final int kind) {
        return switch (kind) {
            case K_BOOLEAN -> Boolean.class;
            case K_BYTE -> Byte.class;
            case K_SHORT -> Short.class;
            case K_CHAR -> Character.class;
            case K_INT -> Integer.class;
            case K_LONG -> Long.class;
            case K_FLOAT -> Float.class;
            case K_DOUBLE -> Double.class;
            default -> Object.class;
        };
    }

    private static Object spin(final MethodHandles.Lookup lookup, final Class<?> record, final MethodHandle accessor,
                               final Class<?> iface, final String method, final Class<?> ret) {
        if (lookup.hasFullPrivilegeAccess()) {
            try {
                final CallSite site = LambdaMetafactory.metafactory(lookup, method, MethodType.methodType(iface),
                    MethodType.methodType(ret, Object.class), accessor, MethodType.methodType(ret, record));
                return site.getTarget().invoke();
            } catch (final Error e) {
                throw e;
            } catch (final Throwable e) {
                // fall through to the method handle wrapper
            }
        }
        final MethodHandle mh = accessor.asType(MethodType.methodType(ret, Object.class));
        if (ret == boolean.class) {
            return new BooleanHandle(mh);
        } else if (ret == int.class) {
            return new IntHandle(mh);
        } else if (ret == long.class) {
            return new LongHandle(mh);
        } else if (ret == double.class) {
            return new DoubleHandle(mh);
        }
        return new RefHandle(mh);
    }

    private static RuntimeException rethrow(final Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(e);
    }

    /** Accessor through a method handle; immutable. */
    private record BooleanHandle(MethodHandle mh) implements Predicate<Object> {
        @Override
        public boolean test(final Object o) {
            try {
                return (boolean) mh.invokeExact(o);
            } catch (final Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** Accessor through a method handle; immutable. */
    private record IntHandle(MethodHandle mh) implements ToIntFunction<Object> {
        @Override
        public int applyAsInt(final Object o) {
            try {
                return (int) mh.invokeExact(o);
            } catch (final Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** Accessor through a method handle; immutable. */
    private record LongHandle(MethodHandle mh) implements ToLongFunction<Object> {
        @Override
        public long applyAsLong(final Object o) {
            try {
                return (long) mh.invokeExact(o);
            } catch (final Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** Accessor through a method handle; immutable. */
    private record DoubleHandle(MethodHandle mh) implements ToDoubleFunction<Object> {
        @Override
        public double applyAsDouble(final Object o) {
            try {
                return (double) mh.invokeExact(o);
            } catch (final Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** Accessor through a method handle; immutable. */
    private record RefHandle(MethodHandle mh) implements Function<Object, Object> {
        @Override
        public Object apply(final Object o) {
            try {
                return (Object) mh.invokeExact(o);
            } catch (final Throwable e) {
                throw rethrow(e);
            }
        }
    }
}
