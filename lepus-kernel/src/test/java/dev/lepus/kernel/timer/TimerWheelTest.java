package dev.lepus.kernel.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The hashed timer wheel: due entries fire once, in deadline order, wherever they sit in the wheel. */
class TimerWheelTest {

    private static final long MS = 1_000_000L;

    /** An entry with a label. */
    static final class Named extends TimerWheel.Entry {
        final String name;

        Named(final String name) {
            this.name = name;
        }
    }

    private static List<String> expire(final TimerWheel wheel, final long nowNs) {
        final List<String> fired = new ArrayList<>();
        wheel.expire(nowNs, e -> fired.add(((Named) e).name));
        return fired;
    }

    @Test
    void shouldFireDueEntriesInDeadlineOrderThenSchedulingOrder() {
        final TimerWheel wheel = new TimerWheel(MS, 8, 0);
        wheel.schedule(new Named("c"), 3 * MS);
        wheel.schedule(new Named("a1"), MS);
        wheel.schedule(new Named("b"), 2 * MS);
        wheel.schedule(new Named("a2"), MS);
        assertEquals(List.of(), expire(wheel, MS - 1));
        assertEquals(List.of("a1", "a2", "b", "c"), expire(wheel, 10 * MS));
        assertEquals(0, wheel.size());
    }

    @Test
    void shouldKeepEntriesDueAfterSeveralRevolutions() {
        final TimerWheel wheel = new TimerWheel(MS, 4, 0);
        wheel.schedule(new Named("far"), 9 * MS + 1);
        for (long t = 0; t <= 9 * MS; t += MS) {
            assertEquals(List.of(), expire(wheel, t), "at " + t);
        }
        assertEquals(List.of("far"), expire(wheel, 9 * MS + 1));
    }

    @Test
    void shouldFireEntryScheduledInThePastAtNextExpiry() {
        final TimerWheel wheel = new TimerWheel(MS, 8, 0);
        expire(wheel, 5 * MS);
        wheel.schedule(new Named("late"), 2 * MS);
        assertEquals(List.of("late"), expire(wheel, 5 * MS));
    }

    @Test
    void shouldNotFireCancelledEntry() {
        final TimerWheel wheel = new TimerWheel(MS, 8, 0);
        final Named a = new Named("a");
        wheel.schedule(a, MS);
        wheel.schedule(new Named("b"), MS);
        assertTrue(wheel.cancel(a));
        assertFalse(wheel.cancel(a));
        assertFalse(a.isScheduled());
        assertEquals(List.of("b"), expire(wheel, MS));
    }

    @Test
    void shouldCatchUpAfterLongGapAndReportEarliestDeadline() {
        final TimerWheel wheel = new TimerWheel(MS, 8, 0);
        wheel.schedule(new Named("x"), 3 * MS);
        wheel.schedule(new Named("y"), 100 * MS);
        assertEquals(3 * MS, wheel.earliestDeadlineNs());
        assertEquals(List.of("x", "y"), expire(wheel, 1_000 * MS));
        assertEquals(Long.MAX_VALUE, wheel.earliestDeadlineNs());
    }

    @Test
    void shouldRejectSchedulingAnEntryTwice() {
        final TimerWheel wheel = new TimerWheel(MS, 8, 0);
        final Named a = new Named("a");
        wheel.schedule(a, MS);
        assertThrows(IllegalStateException.class, () -> wheel.schedule(a, 2 * MS));
    }

    @Test
    void shouldRejectBadGeometry() {
        assertThrows(IllegalArgumentException.class, () -> new TimerWheel(MS, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> new TimerWheel(0, 8, 0));
    }
}
