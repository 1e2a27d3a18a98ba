package dev.lepus.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.lepus.api.Cap;
import dev.lepus.api.Snapshottable;
import dev.lepus.kernel.codec.CapResolver;
import dev.lepus.kernel.codec.CodecBuffer;

/**
 * Writes and reads component snapshots, the same way in the recorder and in replay. A snapshot record holds:
 *
 * <pre>
 * mode        varint: 1 = the component's own {@link Snapshottable#snapshot}, 2 = its fields by name
 * digest      long: of the state encoded with caps named by content (what replay compares)
 * timers      varint: timers the component set so far;  asks: varint, asks made so far
 * n           varint: timers that may still fire, then per timer: number, delay, period (varints), message (codec)
 * state       the state (codec, caps numbered by the journal's cap table), to the end of the payload
 * </pre>
 *
 * <p>Fields are snapshotted only if every one holds a value the codec writes and the field can take back: a
 * primitive, a boxed primitive, a string, an enum, a record, a cap, or an immutable JDK collection in a field declared
 * as {@code List}, {@code Set} or {@code Map}. A component with any other field (a {@code HashMap}, an array, a
 * promise) has no snapshot unless it implements {@link Snapshottable}.
 *
 * <p>Thread contract: stateless; the buffers passed in belong to the calling thread.
 */
final class Snapshots {

    static final int OWN = 1;
    static final int FIELDS = 2;

    /** Names caps by content, so that a recording and its replay digest a snapshot alike. */
    private static final CapResolver CAPS_BY_CONTENT = new CapResolver() {
        @Override
        public long idOf(final Cap<?> cap) {
            return Digest.finish(OutputDigest.mixCap(Digest.EMPTY, CapIssuer.node(cap)));
        }

        @Override
        public Cap<?> capOf(final long id) {
            throw new UnsupportedOperationException("digests are not decoded");
        }
    };

    private Snapshots() {
    }

    /** What the state of a component is, or null if it cannot be snapshotted. */
    @SuppressWarnings("rawtypes")
    static Object stateOf(final Object component) {
        if (component instanceof Snapshottable s) {
            return s.snapshot();
        }
        final Map<String, Object> fields = new TreeMap<>();
        for (final Field f : fields(component.getClass())) {
            try {
                final Object v = f.get(component);
                if (!restorable(f, v)) {
                    return null;
                }
                fields.put(key(f), v);
            } catch (final IllegalAccessException ex) {
                return null;
            }
        }
        return Map.copyOf(fields);
    }

    /**
     * Encodes a snapshot payload.
     *
     * @return false if the component cannot be snapshotted now
     */
    static boolean write(final Object component, final int timers, final int asks,
            final Collection<ReplayContext.TimerState> active, final MessageCodec codec, final CapResolver caps,
            final MessageCodec.TypeListener types, final EventBuffer out) {
        final Object state = stateOf(component);
        if (state == null && !(component instanceof Snapshottable<?>)) {
            return false;
        }
        final CodecBuffer b = new CodecBuffer();
        try {
            codec.encode(state, CAPS_BY_CONTENT, b, types);
            final long digest = Digest.finish(Digest.mix(Digest.EMPTY, b.array(), 0, b.length()));
            out.putVarLong(component instanceof Snapshottable<?> ? OWN : FIELDS).putLong(digest).putVarLong(timers)
                .putVarLong(asks).putVarLong(active.size());
            for (final ReplayContext.TimerState t : active) {
                out.putVarLong(t.number()).putVarLong(t.delayNs()).putVarLong(t.periodNs());
                b.clear();
                codec.encode(t.message(), caps, b, types);
                out.putVarLong(b.length()).putBytes(b.array(), 0, b.length());
            }
            b.clear();
            codec.encode(state, caps, b, types);
            out.putBytes(b.array(), 0, b.length());
            return true;
        } catch (final RuntimeException ex) {
            return false; // a value the codec refuses: no snapshot this time
        }
    }

    /** A snapshot as read back. */
    record Read(int mode, long digest, int timers, int asks, List<ReplayContext.TimerState> active, Object state) {
    }

    /** Decodes a snapshot payload. */
    static Read read(final byte[] payload, final MessageCodec codec, final CapResolver caps) {
        final EventBuffer p = new EventBuffer(payload);
        final int mode = (int) p.getVarLong();
        final long digest = p.getLong();
        final int timers = (int) p.getVarLong();
        final int asks = (int) p.getVarLong();
        final int n = (int) p.getVarLong();
        final List<ReplayContext.TimerState> active = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            final int number = (int) p.getVarLong();
            final long delay = p.getVarLong();
            final long period = p.getVarLong();
            final int len = (int) p.getVarLong();
            final Object message = codec.decode(p.array, p.position, len, caps);
            p.position += len;
            active.add(new ReplayContext.TimerState(number, message, delay, period));
        }
        final Object state = codec.decode(p.array, p.position, p.remaining(), caps);
        return new Read(mode, digest, timers, asks, List.copyOf(active), state);
    }

    /** Puts a snapshot's state into a fresh instance. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void restore(final Object component, final Read snapshot) {
        if (snapshot.mode() == OWN) {
            if (!(component instanceof Snapshottable s)) {
                throw new IllegalStateException(component.getClass().getName() + " no longer implements Snapshottable");
            }
            s.restore(snapshot.state());
            return;
        }
        final Map<String, Object> values = (Map<String, Object>) snapshot.state();
        for (final Field f : fields(component.getClass())) {
            if (!values.containsKey(key(f))) {
                throw new IllegalStateException("the snapshot has no field " + key(f) + ": the class changed");
            }
            try {
                f.set(component, values.get(key(f)));
            } catch (final IllegalAccessException | IllegalArgumentException ex) {
                throw new IllegalStateException("cannot restore field " + key(f) + ": " + ex.getMessage(), ex);
            }
        }
    }

    private static String key(final Field f) {
        return f.getDeclaringClass().getName() + "#" + f.getName();
    }

    private static List<Field> fields(final Class<?> type) {
        final List<Field> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (final Field f : c.getDeclaredFields()) {
                if ((f.getModifiers() & (Modifier.STATIC | Modifier.TRANSIENT)) == 0 && !f.isSynthetic()) {
                    f.setAccessible(true);
                    out.add(f);
                }
            }
        }
        return out;
    }

    private static boolean restorable(final Field f, final Object v) {
        final Class<?> t = f.getType();
        if (t.isPrimitive() || v == null) {
            return true;
        }
        if (t == List.class || t == java.util.Set.class || t == Map.class) {
            return v.getClass().getName().startsWith("java.util.ImmutableCollections");
        }
        return v instanceof String || v instanceof Number && v.getClass().getName().startsWith("java.lang.")
            || v instanceof Boolean || v instanceof Character || v instanceof Enum<?> || v instanceof Record
            || v instanceof Cap<?>;
    }
}
