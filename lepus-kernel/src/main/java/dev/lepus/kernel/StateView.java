package dev.lepus.kernel;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.lepus.api.Cap;

/**
 * A deterministic text rendering of a component's state, for replay: {@code --trace} prints it after each event, and
 * its digest, journaled when a component stops or the node shuts down, lets replay check that it rebuilt the same
 * state. Fields are walked by reflection in name order, through the class hierarchy; values are rendered by content,
 * never by identity: strings, numbers and enums as themselves, arrays and lists in order, sets and maps sorted by the
 * rendering of their elements (so that hash order, which can differ between JVMs, does not leak), records and other
 * objects by their fields, caps by their target, rights and badge, timers by their number, promises by whether they
 * are done, a context as just that. A cycle renders as {@code <cycle>}, and the walk
 * stops at {@link #MAX_DEPTH}. Static and transient fields are left out.
 *
 * <p>Thread contract: stateless; call it on the component's kernel thread (or on a replayed instance).
 */
final class StateView {

    /** Nesting at which the walk stops. */
    static final int MAX_DEPTH = 16;
    /** Elements rendered per array, collection or map, at most; the rest is counted. */
    static final int MAX_ELEMENTS = 10_000;

    private StateView() {
    }

    /**
     * Renders a component.
     *
     * @param component the instance
     * @return the rendering, one line
     */
    static String render(final Object component) {
        final StringBuilder out = new StringBuilder(128);
        renderFields(component, out, new IdentityHashMap<>(), 0);
        return out.toString();
    }

    /**
     * A 64-bit digest of {@link #render}: FNV-1a over its UTF-16 code units, then a final mix.
     *
     * @param component the instance
     * @return the digest
     */
    static long digest(final Object component) {
        final String s = render(component);
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return Digest.finish(h);
    }

    private static void renderFields(final Object o, final StringBuilder out, final IdentityHashMap<Object, Boolean> seen,
            final int depth) {
        final List<Field> fields = new ArrayList<>();
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (final Field f : c.getDeclaredFields()) {
                if ((f.getModifiers() & (Modifier.STATIC | Modifier.TRANSIENT)) == 0 && !f.isSynthetic()) {
                    fields.add(f);
                }
            }
        }
        fields.sort((a, b) -> a.getName().equals(b.getName())
            ? a.getDeclaringClass().getName().compareTo(b.getDeclaringClass().getName())
            : a.getName().compareTo(b.getName()));
        out.append('{');
        boolean first = true;
        for (final Field f : fields) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            out.append(f.getName()).append('=');
            try {
                f.setAccessible(true);
                renderValue(f.get(o), out, seen, depth + 1);
            } catch (final ReflectiveOperationException | RuntimeException ex) {
                out.append("<unreadable: ").append(ex.getClass().getSimpleName()).append('>');
            }
        }
        out.append('}');
    }

    private static void renderValue(final Object v, final StringBuilder out,
            final IdentityHashMap<Object, Boolean> seen, final int depth) {
        switch (v) {
            case null -> out.append("null");
            case String s -> out.append('"').append(s).append('"');
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            case Character ch -> out.append('\'').append(ch).append('\'');
            case Enum<?> e -> out.append(e.getDeclaringClass().getSimpleName()).append('.').append(e.name());
            case Cap<?> cap -> renderCap(cap, out);
            case KernelTimer t -> out.append("timer #").append(t.number);
            case ReplayContext.ReplayTimer t -> out.append("timer #").append(t.number());
            case dev.lepus.api.Promise<?> p -> out.append(p.isDone() ? "promise(done)" : "promise(pending)");
            case dev.lepus.api.Context<?> ctx -> out.append("context");
            case Class<?> c -> out.append(c.getName());
            default -> {
                if (depth > MAX_DEPTH) {
                    out.append("<deep>");
                    return;
                }
                if (seen.put(v, Boolean.TRUE) != null) {
                    out.append("<cycle>");
                    return;
                }
                renderCompound(v, out, seen, depth);
                seen.remove(v);
            }
        }
    }

    private static void renderCompound(final Object v, final StringBuilder out,
            final IdentityHashMap<Object, Boolean> seen, final int depth) {
        if (v.getClass().isArray()) {
            final int n = Array.getLength(v);
            out.append('[');
            for (int i = 0; i < Math.min(n, MAX_ELEMENTS); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                renderValue(Array.get(v, i), out, seen, depth + 1);
            }
            more(n, out).append(']');
        } else if (v instanceof List<?> list) {
            out.append('[');
            int i = 0;
            for (final Object e : list) {
                if (i == MAX_ELEMENTS) {
                    break;
                }
                if (i++ > 0) {
                    out.append(", ");
                }
                renderValue(e, out, seen, depth + 1);
            }
            more(list.size(), out).append(']');
        } else if (v instanceof Collection<?> set) {
            final List<String> items = new ArrayList<>(Math.min(set.size(), MAX_ELEMENTS));
            for (final Object e : set) {
                final StringBuilder b = new StringBuilder();
                renderValue(e, b, seen, depth + 1);
                items.add(b.toString());
            }
            sortedJoin(items, set.size(), out, '{', '}');
        } else if (v instanceof Map<?, ?> map) {
            final List<String> items = new ArrayList<>(Math.min(map.size(), MAX_ELEMENTS));
            for (final Map.Entry<?, ?> e : map.entrySet()) {
                final StringBuilder b = new StringBuilder();
                renderValue(e.getKey(), b, seen, depth + 1);
                b.append(": ");
                renderValue(e.getValue(), b, seen, depth + 1);
                items.add(b.toString());
            }
            sortedJoin(items, map.size(), out, '{', '}');
        } else if (v.getClass().getName().startsWith("java.")) {
            // Other JDK values (time, BigDecimal, atomics...): their own text, by content, without the identity hash
            // that Object.toString puts in (which differs from run to run).
            out.append(String.valueOf(v).replace("@" + Integer.toHexString(System.identityHashCode(v)), ""));
        } else {
            out.append(v.getClass().getSimpleName());
            renderFields(v, out, seen, depth);
        }
    }

    private static void sortedJoin(final List<String> items, final int size, final StringBuilder out, final char open,
            final char close) {
        items.sort(null);
        out.append(open);
        for (int i = 0; i < Math.min(items.size(), MAX_ELEMENTS); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(items.get(i));
        }
        more(size, out).append(close);
    }

    private static StringBuilder more(final int size, final StringBuilder out) {
        if (size > MAX_ELEMENTS) {
            out.append(", ... ").append(size - MAX_ELEMENTS).append(" more");
        }
        return out;
    }

    private static void renderCap(final Cap<?> cap, final StringBuilder out) {
        final CapNode n = CapIssuer.node(cap);
        out.append("cap(").append(n.target.journalKey()).append(' ').append(Cap.rightsToString(n.rights));
        if (n.badge != 0) {
            out.append(" badge ").append(n.badge);
        }
        out.append(')');
    }
}
