package dev.lepus.kernel.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link OneToOneChannel}: bounded offers, deferred publication, FIFO order across the wrap, refused
 * entries that stay first, and size reporting.
 *
 * <p>Thread contract: every test but one runs on one thread, which plays both the producer and the consumer; those
 * pin down what the channel promises, not how it orders memory. The exception,
 * {@link #shouldDeliverEveryEntryOnceInFifoOrderBetweenTwoThreads()}, runs a real producer thread against a real
 * consumer thread: it guards the two release/acquire pairs as a whole (a lost, duplicated, reordered or half-written
 * entry, or an overwritten undrained slot, breaks its sequence check), but only where this machine and JIT happen to
 * reorder. The jcstress tests of {@code lepus-concurrency-tests} guard each pair on its own.
 *
 * <p>The two-thread test is tagged {@code stress} (16 million entries, under a second here), so the default
 * {@code mvn test} skips it; run it with {@code mvn -pl lepus-kernel -Pstress test -Dtest=OneToOneChannelTest}.
 */
class OneToOneChannelTest {

    private static final Object TARGET = new Object();

    /** Records the messages it takes, and refuses the one it is told to. */
    private static final class Taker implements ChannelHandler {
        final List<Object> messages = new ArrayList<>();
        final List<Object> metas = new ArrayList<>();
        Object refuse;

        @Override
        public boolean onEntry(final Object target, final Object message, final Object meta) {
            assertSame(TARGET, target);
            if (message.equals(refuse)) {
                return false;
            }
            messages.add(message);
            metas.add(meta);
            return true;
        }
    }

    private static List<Object> drainAll(final OneToOneChannel channel) {
        final Taker taker = new Taker();
        while (channel.drain(taker, Integer.MAX_VALUE) > 0) {
            assertTrue(taker.messages.size() <= channel.capacity(), "drained more than the capacity");
        }
        return taker.messages;
    }

    @Test
    void shouldRejectNonPowerOfTwoCapacity() {
        for (final int capacity : new int[] {-4, 0, 1, 3, 6, 1000, (1 << 26) + 1, 1 << 27, Integer.MIN_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> new OneToOneChannel(capacity), "capacity " + capacity);
        }
    }

    @Test
    void shouldAcceptPowerOfTwoCapacity() {
        for (final int capacity : new int[] {2, 4, 1024}) {
            assertEquals(capacity, new OneToOneChannel(capacity).capacity());
        }
    }

    @Test
    void shouldRefuseOfferWhenFull() {
        final OneToOneChannel channel = new OneToOneChannel(4);
        for (int i = 0; i < 4; i++) {
            assertTrue(channel.offer(TARGET, i, null), "offer " + i);
        }
        assertFalse(channel.offer(TARGET, 4, null));
        assertTrue(channel.publish());
        assertFalse(channel.offer(TARGET, 4, null), "publishing does not free a slot; draining does");
    }

    @Test
    void shouldWriteNothingWhenOfferRefused() {
        final OneToOneChannel channel = new OneToOneChannel(2);
        channel.offer(TARGET, "a", null);
        channel.offer(TARGET, "b", null);
        assertFalse(channel.offer(TARGET, "refused", null));
        channel.publish();
        assertEquals(List.of("a", "b"), drainAll(channel));
    }

    @Test
    void shouldAcceptOfferOnceConsumerHasDrained() {
        final OneToOneChannel channel = new OneToOneChannel(2);
        channel.offer(TARGET, "a", null);
        channel.offer(TARGET, "b", null);
        channel.publish();
        assertEquals(1, channel.drain(new Taker(), 1));
        assertTrue(channel.offer(TARGET, "c", null));
        assertFalse(channel.offer(TARGET, "d", null));
        channel.publish();
        assertEquals(List.of("b", "c"), drainAll(channel));
    }

    @Test
    void shouldNotExposeEntriesBeforePublish() {
        final OneToOneChannel channel = new OneToOneChannel(4);
        channel.offer(TARGET, "a", null);
        channel.offer(TARGET, "b", null);
        assertFalse(channel.hasEntries());
        assertEquals(0, channel.size());
        assertEquals(0, channel.drain(new Taker(), Integer.MAX_VALUE));

        assertTrue(channel.publish());
        assertTrue(channel.hasEntries());
        channel.offer(TARGET, "unpublished", null);
        assertEquals(List.of("a", "b"), drainAll(channel), "only what was offered before the publish");
        assertFalse(channel.hasEntries());

        channel.publish();
        assertEquals(List.of("unpublished"), drainAll(channel));
    }

    @Test
    void shouldReportNothingNewWhenPublishingTwice() {
        final OneToOneChannel channel = new OneToOneChannel(4);
        assertFalse(channel.publish(), "nothing offered");
        channel.offer(TARGET, "a", null);
        assertTrue(channel.publish());
        assertFalse(channel.publish(), "nothing offered since the last publish");
    }

    @Test
    void shouldCarryTargetMessageAndMeta() {
        final OneToOneChannel channel = new OneToOneChannel(4);
        final Object meta = new Object();
        channel.offer(TARGET, "with meta", meta);
        channel.offer(TARGET, "without meta", null);
        channel.publish();
        final Taker taker = new Taker();
        assertEquals(2, channel.drain(taker, Integer.MAX_VALUE));
        assertEquals(List.of("with meta", "without meta"), taker.messages);
        assertSame(meta, taker.metas.get(0));
        assertNull(taker.metas.get(1));
    }

    @Test
    void shouldDrainNoMoreThanLimit() {
        final OneToOneChannel channel = new OneToOneChannel(8);
        for (int i = 0; i < 5; i++) {
            channel.offer(TARGET, i, null);
        }
        channel.publish();
        final Taker taker = new Taker();
        assertEquals(2, channel.drain(taker, 2));
        assertEquals(List.of(0, 1), taker.messages);
        assertEquals(3, channel.drain(taker, 10));
        assertEquals(List.of(0, 1, 2, 3, 4), taker.messages);
    }

    @Test
    void shouldKeepRefusedEntryFirst() {
        final OneToOneChannel channel = new OneToOneChannel(4);
        channel.offer(TARGET, "a", null);
        channel.offer(TARGET, "b", null);
        channel.offer(TARGET, "c", null);
        channel.publish();

        final Taker refusingB = new Taker();
        refusingB.refuse = "b";
        assertEquals(1, channel.drain(refusingB, Integer.MAX_VALUE), "stops at the refused entry");
        assertEquals(List.of("a"), refusingB.messages);
        assertEquals(2, channel.size());
        assertTrue(channel.hasEntries());

        assertEquals(0, channel.drain(refusingB, Integer.MAX_VALUE), "refused again, still first");
        assertEquals(List.of("b", "c"), drainAll(channel));
    }

    @Test
    void shouldNotFreeTheSlotOfARefusedEntry() {
        final OneToOneChannel channel = new OneToOneChannel(2);
        channel.offer(TARGET, "a", null);
        channel.offer(TARGET, "b", null);
        channel.publish();
        final Taker refusingA = new Taker();
        refusingA.refuse = "a";
        assertEquals(0, channel.drain(refusingA, Integer.MAX_VALUE));
        assertFalse(channel.offer(TARGET, "c", null), "a refused entry still holds its slot");
    }

    @Test
    void shouldDrainInFifoOrderAcrossWrap() {
        final OneToOneChannel channel = new OneToOneChannel(4);
        final Taker taker = new Taker();
        final List<Object> expected = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < 50; round++) {
            final int batch = 1 + round % 4;
            for (int i = 0; i < batch; i++) {
                assertTrue(channel.offer(TARGET, next, null), "offer " + next);
                expected.add(next);
                next++;
            }
            channel.publish();
            final int limit = 1 + round % 3;
            while (channel.drain(taker, limit) > 0) {
                // until empty, in steps of at most limit
            }
            assertEquals(expected, taker.messages, "round " + round);
        }
        assertEquals(0, channel.size());
    }

    @Test
    void shouldReportPublishedUndrainedEntriesAsSize() {
        final OneToOneChannel channel = new OneToOneChannel(8);
        assertEquals(0, channel.size());
        channel.offer(TARGET, "a", null);
        channel.offer(TARGET, "b", null);
        channel.offer(TARGET, "c", null);
        assertEquals(0, channel.size(), "offered but not published");
        channel.publish();
        assertEquals(3, channel.size());
        channel.drain(new Taker(), 1);
        assertEquals(2, channel.size());
        drainAll(channel);
        assertEquals(0, channel.size());
        assertEquals(8, channel.capacity());
    }

    @Test
    void shouldReportFullChannelAsCapacity() {
        final OneToOneChannel channel = new OneToOneChannel(4);
        while (channel.offer(TARGET, "x", null)) {
            // fill
        }
        channel.publish();
        assertEquals(channel.capacity(), channel.size());
    }

    /** Entries the two-thread test sends. */
    private static final int STRESS_ENTRIES = 16_000_000;
    /** How long the two-thread test may take before it fails: far more than it needs (under a second here). */
    private static final Duration STRESS_TIME_LIMIT = Duration.ofSeconds(30);

    /**
     * A producer thread sends 0..n-1, publishing after batches of 1..64 entries (and whenever the channel is full),
     * with a meta on every third entry; a consumer thread drains with limits of 1..256 and refuses every 1000th entry
     * once. The consumer checks every entry against the next number it expects: a lost, duplicated, reordered or
     * half-written entry fails. Both threads spin and yield (no sleeps); the test fails if they do not finish in time.
     */
    @Test
    @Tag("stress")
    void shouldDeliverEveryEntryOnceInFifoOrderBetweenTwoThreads() throws InterruptedException {
        final OneToOneChannel channel = new OneToOneChannel(1024);
        final Object meta = new Object();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final SequenceChecker checker = new SequenceChecker(meta);

        final Thread producer = Thread.ofPlatform().name("producer").unstarted(() -> {
            int sinceLastPublish = 0;
            for (int i = 0; i < STRESS_ENTRIES && failure.get() == null; i++) {
                final Integer message = i;
                final Object m = i % 3 == 0 ? meta : null;
                while (!channel.offer(TARGET, message, m)) {
                    channel.publish();
                    sinceLastPublish = 0;
                    if (failure.get() != null) {
                        return;
                    }
                    Thread.yield(); // lets the other side run when both share a core
                }
                if (++sinceLastPublish >= 1 + (i & 63)) {
                    channel.publish();
                    sinceLastPublish = 0;
                }
            }
            channel.publish();
        });
        final Thread consumer = Thread.ofPlatform().name("consumer").unstarted(() -> {
            int round = 0;
            while (checker.next < STRESS_ENTRIES && failure.get() == null) {
                if (channel.drain(checker, 1 + (round++ & 255)) == 0) {
                    Thread.yield(); // lets the other side run when both share a core
                }
            }
        });
        final Thread.UncaughtExceptionHandler recordFailure = (thread, ex) -> failure.compareAndSet(null, ex);
        producer.setUncaughtExceptionHandler(recordFailure);
        consumer.setUncaughtExceptionHandler(recordFailure);

        producer.start();
        consumer.start();
        final boolean producerDone = producer.join(STRESS_TIME_LIMIT);
        final boolean consumerDone = consumer.join(STRESS_TIME_LIMIT);
        if (!producerDone || !consumerDone) {
            failure.compareAndSet(null, new AssertionError("timed out"));
            producer.join(Duration.ofSeconds(5));
            consumer.join(Duration.ofSeconds(5));
            fail("not finished in " + STRESS_TIME_LIMIT + ": the consumer expected " + checker.next
                + " next, the channel holds " + channel.size());
        }
        if (failure.get() != null) {
            throw new AssertionError("a channel thread failed", failure.get());
        }
        // Both threads have been joined: this thread may now act as the consumer.
        assertEquals(STRESS_ENTRIES, checker.next);
        assertEquals(0, channel.size());
        assertFalse(channel.hasEntries());
    }

    /** The consumer side of the two-thread test: checks that entries arrive as 0, 1, 2, ... Consumer thread only. */
    private static final class SequenceChecker implements ChannelHandler {
        private final Object meta;
        /** The next message expected; read by the test thread after the consumer thread has been joined. */
        int next;
        private int refusedAt = -1;

        SequenceChecker(final Object meta) {
            this.meta = meta;
        }

        @Override
        public boolean onEntry(final Object target, final Object message, final Object m) {
            if (next % 1000 == 999 && refusedAt != next) {
                refusedAt = next;
                return false; // the same entry must come back first on the next drain
            }
            if (target != TARGET || !(message instanceof Integer i) || i != next) {
                throw new AssertionError("expected " + next + " but took " + message + " (target ok: "
                    + (target == TARGET) + ")");
            }
            final Object expectedMeta = next % 3 == 0 ? meta : null;
            if (m != expectedMeta) {
                throw new AssertionError("entry " + next + " has the wrong meta: " + m);
            }
            next++;
            return true;
        }
    }
}
