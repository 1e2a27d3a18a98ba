package dev.lepus.kernel.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link CheckPoint}: which poller a check point consults, on check point threads and on other threads. */
class CheckPointTest {

    private static final long JOIN_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);

    /** Thrown by test handlers to unwind the code at the check point. */
    static final class Stop extends Error {
        private static final long serialVersionUID = 1L;

        Stop() {
            super("stop", null, false, false);
        }
    }

    @AfterEach
    void unregister() {
        CheckPoint.unregister();
    }

    @Test
    void shouldDoNothingOnThreadWithoutPoller() {
        assertEquals(Optional.empty(), CheckPoint.current());
        for (int i = 0; i < 1_000; i++) {
            CheckPoint.poll();
        }
    }

    @Test
    void shouldRunHandlerOnceForPendingRequestOnPlainThread() {
        final AtomicInteger calls = new AtomicInteger();
        final Poller poller = new Poller(calls::incrementAndGet);
        CheckPoint.register(poller);
        CheckPoint.poll();
        assertEquals(0, calls.get());
        poller.request();
        poller.request();
        CheckPoint.poll();
        CheckPoint.poll();
        assertEquals(1, calls.get(), "two requests before one check point are delivered once");
        assertFalse(poller.isRequested());
    }

    @Test
    void shouldRunHandlerOnceForPendingRequestOnCheckPointThread() throws InterruptedException {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Optional<Poller>> seen = new AtomicReference<>();
        final Poller poller = new Poller(calls::incrementAndGet);
        final CheckPointThread thread = new CheckPointThread(() -> {
            CheckPoint.register(poller);
            seen.set(CheckPoint.current());
            CheckPoint.poll();
            poller.request();
            CheckPoint.poll();
            CheckPoint.poll();
            CheckPoint.unregister();
        }, "check-point-test");
        thread.start();
        thread.join(JOIN_TIMEOUT_MS);
        assertFalse(thread.isAlive());
        assertEquals(Optional.of(poller), seen.get());
        assertEquals(1, calls.get());
        assertNull(thread.poller, "unregister clears the thread's field");
        assertNull(poller.owner());
    }

    @Test
    void shouldKeepThreadLocalPollerOutOfCheckPointThreadField() {
        final Poller poller = new Poller(() -> { });
        CheckPoint.register(poller);
        assertSame(Thread.currentThread(), poller.owner());
        assertEquals(Optional.of(poller), CheckPoint.current());
        assertEquals(Optional.of(poller), CheckPoint.unregister());
        assertEquals(Optional.empty(), CheckPoint.current());
        assertNull(poller.owner());
    }

    @Test
    void shouldRejectSecondPollerOnSameThread() {
        CheckPoint.register(new Poller(() -> { }));
        final Poller second = new Poller(() -> { });
        assertThrows(IllegalStateException.class, () -> CheckPoint.register(second));
        assertNull(second.owner(), "a refused poller stays unregistered");
    }

    @Test
    void shouldRejectPollerRegisteredOnAnotherThread() throws InterruptedException {
        final Poller poller = new Poller(() -> { });
        CheckPoint.register(poller);
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Thread other = new Thread(() -> {
            try {
                CheckPoint.register(poller);
            } catch (final IllegalStateException e) {
                thrown.set(e);
            }
        });
        other.start();
        other.join(JOIN_TIMEOUT_MS);
        assertInstanceOf(IllegalStateException.class, thrown.get());
        assertSame(Thread.currentThread(), poller.owner());
    }

    @Test
    void shouldStopConsultingPollerAfterUnregister() {
        final AtomicInteger calls = new AtomicInteger();
        final Poller poller = new Poller(calls::incrementAndGet);
        CheckPoint.register(poller);
        CheckPoint.unregister();
        poller.request();
        CheckPoint.poll();
        assertEquals(0, calls.get());
        assertTrue(poller.isRequested(), "the request waits in the poller");
        CheckPoint.register(poller);
        CheckPoint.poll();
        assertEquals(1, calls.get(), "and is delivered once the poller is registered again");
    }

    @Test
    void shouldPropagateHandlerErrorOutOfPoll() {
        final Poller poller = new Poller(() -> {
            throw new Stop();
        });
        CheckPoint.register(poller);
        poller.request();
        assertThrows(Stop.class, CheckPoint::poll);
        assertFalse(poller.isRequested(), "the request was consumed before the handler ran");
        CheckPoint.poll();
    }

    @Test
    void shouldSeeRequestFromAnotherThreadInCompiledSpinLoop() throws InterruptedException {
        final Poller poller = new Poller(() -> {
            throw new Stop();
        });
        final AtomicReference<Throwable> ended = new AtomicReference<>();
        final CheckPointThread spinner = new CheckPointThread(() -> {
            CheckPoint.register(poller);
            try {
                for (int round = 0; round < 3; round++) {
                    try {
                        spin();
                    } catch (final Stop e) {
                        ended.set(e);
                    }
                }
            } finally {
                CheckPoint.unregister();
            }
        }, "spinner");
        spinner.setDaemon(true);
        spinner.start();
        // Three rounds: the last ones run the loop compiled by C1/C2, where a hoisted load would never see the flag.
        for (int round = 0; round < 3; round++) {
            TimeUnit.MILLISECONDS.sleep(50);
            poller.request();
        }
        spinner.join(JOIN_TIMEOUT_MS);
        assertFalse(spinner.isAlive(), "the spin loop did not see the requests");
        assertInstanceOf(Stop.class, ended.get());
    }

    /** Polls until the handler throws. */
    private static void spin() {
        while (true) {
            CheckPoint.poll();
        }
    }
}
