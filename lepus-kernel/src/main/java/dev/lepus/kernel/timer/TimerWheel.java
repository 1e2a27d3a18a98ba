package dev.lepus.kernel.timer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A hashed timer wheel (Varghese and Lauck; Netty's {@code HashedWheelTimer}, without its thread). Schedule and
 * cancel are O(1); expiry visits one bucket per tick. Timers that expire in the same call fire in deadline order,
 * ties broken by scheduling order, so that a run is deterministic under a virtual clock.
 *
 * <p>Thread contract: not threadsafe; owned by one kernel thread.
 */
public final class TimerWheel {

    /** Default tick: 1 ms. */
    public static final long DEFAULT_TICK_NS = 1_000_000L;
    /** Default number of buckets. */
    public static final int DEFAULT_BUCKETS = 512;

    private static final Comparator<Entry> ORDER =
        Comparator.<Entry>comparingLong(e -> e.deadlineNs).thenComparingLong(e -> e.seq);

    private final long tickNs;
    private final Entry[] buckets;
    private final int mask;
    private final ArrayList<Entry> due = new ArrayList<>();
    /** The last tick visited; entries scheduled for the past land in it and are seen at the next expiry. */
    private long currentTick;
    private long seq;
    private int count;

    /**
     * Creates a wheel.
     *
     * @param tickNs the resolution
     * @param bucketCount buckets, a power of two
     * @param startNs the time of tick 0
     */
    public TimerWheel(final long tickNs, final int bucketCount, final long startNs) {
        if (tickNs <= 0 || bucketCount < 2 || Integer.bitCount(bucketCount) != 1) {
            throw new IllegalArgumentException("tickNs > 0 and a power-of-two bucket count needed: "
                + tickNs + ", " + bucketCount);
        }
        this.tickNs = tickNs;
        this.buckets = new Entry[bucketCount];
        this.mask = bucketCount - 1;
        this.currentTick = Math.floorDiv(startNs, tickNs);
    }

    /**
     * Schedules an entry.
     *
     * @param entry the entry, not scheduled already
     * @param deadlineNs when it is due
     */
    public void schedule(final Entry entry, final long deadlineNs) {
        if (entry.bucket >= 0) {
            throw new IllegalStateException("timer scheduled already");
        }
        entry.deadlineNs = deadlineNs;
        entry.seq = seq++;
        final long tick = Math.max(Math.floorDiv(deadlineNs, tickNs), currentTick);
        final int b = (int) (tick & mask);
        entry.bucket = b;
        entry.prev = null;
        entry.next = buckets[b];
        if (entry.next != null) {
            entry.next.prev = entry;
        }
        buckets[b] = entry;
        count++;
    }

    /**
     * Removes a scheduled entry.
     *
     * @param entry the entry
     * @return true if it was scheduled
     */
    public boolean cancel(final Entry entry) {
        if (entry.bucket < 0) {
            return false;
        }
        unlink(entry);
        return true;
    }

    /**
     * Fires every entry due at {@code nowNs}, in deadline order.
     *
     * @param nowNs the current time
     * @param action receives each due entry, already unscheduled (it may schedule it again)
     * @return how many fired
     */
    public int expire(final long nowNs, final Consumer<Entry> action) {
        final long nowTick = Math.floorDiv(nowNs, tickNs);
        if (count == 0) {
            currentTick = Math.max(currentTick, nowTick);
            return 0;
        }
        if (nowTick < currentTick) {
            return 0;
        }
        final long ticks = Math.min(nowTick - currentTick + 1, buckets.length);
        final List<Entry> fired = due;
        for (long i = 0; i < ticks; i++) {
            Entry e = buckets[(int) ((currentTick + i) & mask)];
            while (e != null) {
                final Entry next = e.next;
                if (e.deadlineNs - nowNs <= 0) {
                    unlink(e);
                    fired.add(e);
                }
                e = next;
            }
        }
        currentTick = nowTick; // the current tick is visited again next time: entries may join it meanwhile
        final int n = fired.size();
        if (n > 1) {
            fired.sort(ORDER);
        }
        for (int i = 0; i < n; i++) {
            action.accept(fired.get(i));
        }
        fired.clear();
        return n;
    }

    /**
     * The earliest deadline, by a full scan: for tests and simulation, not for the duty cycle.
     *
     * @return the earliest deadline, or {@link Long#MAX_VALUE} when nothing is scheduled
     */
    public long earliestDeadlineNs() {
        long min = Long.MAX_VALUE;
        for (final Entry head : buckets) {
            for (Entry e = head; e != null; e = e.next) {
                min = Math.min(min, e.deadlineNs);
            }
        }
        return min;
    }

    /**
     * Scheduled entries.
     *
     * @return the count
     */
    public int size() {
        return count;
    }

    private void unlink(final Entry e) {
        if (e.prev != null) {
            e.prev.next = e.next;
        } else {
            buckets[e.bucket] = e.next;
        }
        if (e.next != null) {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
        e.bucket = -1;
        count--;
    }

    /** An entry of the wheel; the kernel extends it with what fires. Not threadsafe. */
    public abstract static class Entry {
        long deadlineNs;
        long seq;
        int bucket = -1;
        Entry prev;
        Entry next;

        /**
         * When the entry is (or was last) due.
         *
         * @return the deadline in nanoseconds
         */
        public final long deadlineNs() {
            return deadlineNs;
        }

        /**
         * Whether the entry is in the wheel.
         *
         * @return true if scheduled
         */
        public final boolean isScheduled() {
            return bucket >= 0;
        }
    }
}
