package dev.lepus.kernel.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Poller}: requests, clearing and the countdown, driven by hand on the test thread. */
class PollerTest {

    @AfterEach
    void unregister() {
        CheckPoint.unregister();
    }

    private static void poll(final int times) {
        for (int i = 0; i < times; i++) {
            CheckPoint.poll();
        }
    }

    @Test
    void shouldFireEveryNthCheckPoint() {
        final AtomicInteger calls = new AtomicInteger();
        CheckPoint.register(new Poller(calls::incrementAndGet).everyNth(3));
        poll(2);
        assertEquals(0, calls.get());
        poll(1);
        assertEquals(1, calls.get());
        poll(7);
        assertEquals(3, calls.get());
    }

    @Test
    void shouldFireAtEveryCheckPointWithPeriodOne() {
        final AtomicInteger calls = new AtomicInteger();
        CheckPoint.register(new Poller(calls::incrementAndGet).everyNth(1));
        poll(1_000);
        assertEquals(1_000, calls.get());
    }

    @Test
    void shouldRestartCountdownWhenRequestIsDelivered() {
        final AtomicInteger calls = new AtomicInteger();
        final Poller poller = new Poller(calls::incrementAndGet).everyNth(3);
        CheckPoint.register(poller);
        poll(1);
        poller.request();
        poll(1);
        assertEquals(1, calls.get(), "the request");
        poll(2);
        assertEquals(1, calls.get(), "countdown restarted at the request");
        poll(1);
        assertEquals(2, calls.get(), "the countdown");
    }

    @Test
    void shouldTurnCountdownOffWithZero() {
        final AtomicInteger calls = new AtomicInteger();
        CheckPoint.register(new Poller(calls::incrementAndGet).everyNth(2).everyNth(0));
        poll(10);
        assertEquals(0, calls.get());
    }

    @Test
    void shouldRejectNegativePeriod() {
        assertThrows(IllegalArgumentException.class, () -> new Poller(() -> { }).everyNth(-1));
    }

    @Test
    void shouldWithdrawPendingRequestOnClear() {
        final AtomicInteger calls = new AtomicInteger();
        final Poller poller = new Poller(calls::incrementAndGet);
        CheckPoint.register(poller);
        assertFalse(poller.clear());
        poller.request();
        assertTrue(poller.isRequested());
        assertTrue(poller.clear());
        assertFalse(poller.isRequested());
        poll(3);
        assertEquals(0, calls.get());
    }

    @Test
    void shouldDeliverRequestMadeBeforeRegistration() {
        final AtomicInteger calls = new AtomicInteger();
        final Poller poller = new Poller(calls::incrementAndGet);
        poller.request();
        CheckPoint.register(poller);
        poll(2);
        assertEquals(1, calls.get());
    }

    @Test
    void shouldDeliverRequestMadeInsideHandlerAtNextCheckPoint() {
        final AtomicInteger calls = new AtomicInteger();
        final Poller[] self = new Poller[1];
        self[0] = new Poller(() -> {
            if (calls.incrementAndGet() == 1) {
                self[0].request(); // a sticky abort re-requests before it throws
            }
        });
        CheckPoint.register(self[0]);
        self[0].request();
        poll(1);
        assertEquals(1, calls.get());
        poll(1);
        assertEquals(2, calls.get());
        poll(1);
        assertEquals(2, calls.get());
    }
}
