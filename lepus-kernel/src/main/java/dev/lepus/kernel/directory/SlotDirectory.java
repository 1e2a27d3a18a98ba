package dev.lepus.kernel.directory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Live objects of one owner thread, published for readers on other threads: a kernel keeps its components here, and
 * the SQL tables read a running node from it without a command to the kernel and without a lock (STYLE.md rule 22).
 *
 * <p>Thread contract: {@link #add} and {@link #remove} are called only by the owner thread (single writer);
 * {@link #forEach} and {@link #size} are threadsafe.
 *
 * @param <T> what it holds
 */
/*
 * Implementation notes.
 *
 * A single-writer slot array with release/acquire publication, the shape of Agrona's CountersManager (the owner
 * allocates and frees slots, readers scan them).
 *
 * Writer (owner thread):
 *   add:    take a free slot (an owner-local stack) or the next unused one; if the array is full, copy it into one
 *           twice as large and release-store the new array into `slots`; then release-store the object into its slot.
 *   remove: release-store null into the slot and push the slot on the free stack.
 * Reader (any thread): acquire-load `slots`, then acquire-load each element.
 *
 * Why release/acquire: the release store of an element orders every store the owner made to the object before it
 * (its fields) before the reference becomes visible, and the reader's acquire load keeps its reads of the object after
 * it: a reader sees an object whole (jcstress: SlotDirectoryTests.Publication). The release store of a grown array
 * orders the copy of the old elements before the array is seen (SlotDirectoryTests.Growth).
 *
 * Invariants: an object is in at most one slot of the current array; a slot of the current array is null or an object
 * that was live when it was stored.
 * Non-invariants (readers must tolerate them): a reader holding an array from before a growth sees the objects of that
 * moment, including some removed since (so a reader that must not see a removed object checks the object's own state:
 * the kernel's readers skip stopped cells); a scan is not atomic, so an object added or removed during it may or may
 * not be seen; fields the owner changes after the add are not ordered by this structure at all.
 */
public final class SlotDirectory<T> {

    private static final int INITIAL_SLOTS = 16;

    // VarHandle mechanics
    private static final VarHandle SLOTS;
    private static final VarHandle LIVE;
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            SLOTS = MethodHandles.lookup().findVarHandle(SlotDirectory.class, "slots", Object[].class);
            LIVE = MethodHandles.lookup().findVarHandle(SlotDirectory.class, "live", int.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Written (release) by the owner when it grows; read (acquire) by anyone. */
    private Object[] slots = new Object[INITIAL_SLOTS];
    /** Slots below this have been used; owner only. */
    private int highWater;
    /** Freed slots, reused first; owner only. */
    private int[] free = new int[INITIAL_SLOTS];
    private int freeCount;
    /** Live objects (opaque store by the owner, opaque load by readers). */
    private int live;

    /**
     * Publishes an object. Owner thread.
     *
     * @param value the object, its fields written
     * @return its slot, for {@link #remove}
     */
    public int add(final T value) {
        final int slot = freeCount > 0 ? free[--freeCount] : highWater++;
        Object[] s = slots;
        if (slot >= s.length) {
            s = Arrays.copyOf(s, s.length << 1);
            SLOTS.setRelease(this, s);
        }
        ELEMENT.setRelease(s, slot, value);
        LIVE.setOpaque(this, live + 1);
        return slot;
    }

    /**
     * Withdraws the object in a slot. Owner thread.
     *
     * @param slot what {@link #add} returned
     */
    public void remove(final int slot) {
        ELEMENT.setRelease(slots, slot, null);
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length << 1);
        }
        free[freeCount++] = slot;
        LIVE.setOpaque(this, live - 1);
    }

    /**
     * Calls {@code action} for every published object. Threadsafe; see the non-invariants above.
     *
     * @param action what to do with each
     */
    @SuppressWarnings("unchecked")
    public void forEach(final Consumer<? super T> action) {
        final Object[] s = (Object[]) SLOTS.getAcquire(this);
        for (int i = 0; i < s.length; i++) {
            final Object v = ELEMENT.getAcquire(s, i);
            if (v != null) {
                action.accept((T) v);
            }
        }
    }

    /**
     * Live objects. Threadsafe (opaque: a reader on another thread may see a slightly stale count).
     *
     * @return the count
     */
    public int size() {
        return (int) LIVE.getOpaque(this);
    }
}
