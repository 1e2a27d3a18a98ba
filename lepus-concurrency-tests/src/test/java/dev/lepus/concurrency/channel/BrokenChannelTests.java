package dev.lepus.concurrency.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

import dev.lepus.kernel.channel.OneToOneChannel;

/**
 * The scenarios of {@link OneToOneChannelTests}, with the same outcomes, run against broken code: these tests are
 * EXPECTED TO FAIL, and {@link BrokenChannelDetectionTest} checks that they do. They prove that the real tests can
 * see the holes they guard. They live in the test sources, so they are not in {@code jcstress.jar}.
 *
 * <ul>
 *   <li>{@link Publication} and {@link DeferredPublication} run {@link BrokenOneToOneChannel}, whose {@code offer}
 *       publishes before it writes the slots (FLAW #1, pair #1).</li>
 *   <li>{@link SlotReuse} runs {@link BrokenOneToOneChannel}, whose {@code drain} frees the slots before it reads and
 *       clears them (FLAW #2, pair #2).</li>
 *   <li>{@link SleepHandshakeWithoutFence} runs the real channel but leaves out the producer's full fence of the
 *       sleep protocol. This one is a true weakening, not a reordering in program order: x86 itself reorders a store
 *       with a later load (its store buffer), so the lost wake-up shows there too.</li>
 * </ul>
 *
 * <p>Thread contract: as jcstress runs them (one producer actor, one consumer actor, an arbiter after both).
 */
public final class BrokenChannelTests {

    private BrokenChannelTests() {
    }

    private static boolean offer(final BrokenOneToOneChannel channel, final int id) {
        return channel.offer(Entries.target(id), Entries.message(id), Entries.meta(id));
    }

    /** {@link OneToOneChannelTests.Publication} against FLAW #1. */
    @JCStressTest
    @Description("EXPECTED TO FAIL: a consumer sees a published index before the slots are written.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The consumer looked before the publish: nothing to take.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The consumer took the published entry, whole.")
    @Outcome(id = "1, -1", expect = FORBIDDEN,
        desc = "Published index seen but a slot still null: the slot writes were not ordered before the release.")
    @Outcome(id = "1, 99", expect = FORBIDDEN,
        desc = "Published index seen but the slot holds a mix of entries: a stale or torn read.")
    @Outcome(expect = FORBIDDEN, desc = "Any other outcome is a bug in the channel or in the test.")
    @State
    public static class Publication {

        private final BrokenOneToOneChannel channel = new BrokenOneToOneChannel(2);
        private final Entries.Recorder recorder = new Entries.Recorder(1);

        /** Wraps the channel once, as {@link OneToOneChannelTests#wrappedChannel()} does. */
        public Publication() {
            offer(channel, 6);
            offer(channel, 7);
            channel.publish();
            channel.drain(new Entries.Recorder(0), 2);
        }

        /** The producer: offer entry 1, publish. */
        @Actor
        public void producer() {
            offer(channel, 1);
            channel.publish();
        }

        /**
         * The consumer: one drain.
         *
         * @param r (taken, code of the first entry)
         */
        @Actor
        public void consumer(final II_Result r) {
            r.r1 = channel.drain(recorder, 1);
            r.r2 = recorder.codeAt(0);
        }
    }

    /** {@link OneToOneChannelTests.DeferredPublication} against FLAW #1. */
    @JCStressTest
    @Description("EXPECTED TO FAIL: offers become visible one by one, before publish.")
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "The consumer looked before the publish: nothing to take.")
    @Outcome(id = "2, 1, 2", expect = ACCEPTABLE, desc = "The consumer took the published batch, whole and in order.")
    @Outcome(id = "1, .*", expect = FORBIDDEN,
        desc = "Half a batch: an offer became visible on its own, or publish released less than it covered.")
    @Outcome(id = "3, .*", expect = FORBIDDEN, desc = "The unpublished third entry was exposed.")
    @Outcome(expect = FORBIDDEN,
        desc = "The batch was seen with a null, torn or misordered slot, or another bug in the channel or the test.")
    @State
    public static class DeferredPublication {

        private final BrokenOneToOneChannel channel = new BrokenOneToOneChannel(4);
        private final Entries.Recorder recorder = new Entries.Recorder(2);

        /** The producer: offer 1 and 2, publish, offer 3. */
        @Actor
        public void producer() {
            offer(channel, 1);
            offer(channel, 2);
            channel.publish();
            offer(channel, 3);
        }

        /**
         * The consumer: one drain of up to three entries.
         *
         * @param r (taken, code of the first entry, code of the second)
         */
        @Actor
        public void consumer(final III_Result r) {
            r.r1 = channel.drain(recorder, 3);
            r.r2 = recorder.codeAt(0);
            r.r3 = recorder.codeAt(1);
        }
    }

    /** {@link OneToOneChannelTests.SlotReuse} against FLAW #2. */
    @JCStressTest
    @Description("EXPECTED TO FAIL: the producer overwrites a slot that the consumer has not finished with.")
    @Outcome(id = "0, 1, 2, 0", expect = ACCEPTABLE,
        desc = "The producer looked before the consumer released the slot: the offer was refused.")
    @Outcome(id = "1, 1, 2, 3", expect = ACCEPTABLE,
        desc = "The consumer released the slot first; entry 3 reused it and nothing was lost.")
    @Outcome(id = "1, 3, .*", expect = FORBIDDEN,
        desc = "The consumer read entry 3 in place of entry 1: the producer overwrote an undrained slot.")
    @Outcome(id = "1, 1, 2, -1", expect = FORBIDDEN,
        desc = "Entry 3 was nulled by the consumer's late clearing of the slot: a lost entry.")
    @Outcome(expect = FORBIDDEN, desc = "Any other outcome (torn slot, lost or duplicated entry) is a bug.")
    @State
    public static class SlotReuse {

        private final BrokenOneToOneChannel channel = new BrokenOneToOneChannel(2);
        private final Entries.Recorder recorder = new Entries.Recorder(1);
        private final Entries.Recorder rest = new Entries.Recorder(2);

        /** Fills the channel with entries 1 and 2, published. */
        public SlotReuse() {
            offer(channel, 1);
            offer(channel, 2);
            channel.publish();
        }

        /**
         * The producer: offer entry 3, publish.
         *
         * @param r r1: 1 if the offer succeeded
         */
        @Actor
        public void producer(final IIII_Result r) {
            r.r1 = offer(channel, 3) ? 1 : 0;
            channel.publish();
        }

        /**
         * The consumer: drain one entry.
         *
         * @param r r2: the code of the entry taken
         */
        @Actor
        public void consumer(final IIII_Result r) {
            channel.drain(recorder, 1);
            r.r2 = recorder.codeAt(0);
        }

        /**
         * After both actors: drain the rest.
         *
         * @param r r3, r4: the codes of the entries left
         */
        @Arbiter
        public void arbiter(final IIII_Result r) {
            while (channel.drain(rest, 2) > 0) {
                // until empty
            }
            r.r3 = rest.codeAt(0);
            r.r4 = rest.codeAt(1);
        }
    }

    /** {@link OneToOneChannelTests.SleepHandshake} without the producer's full fence. */
    @JCStressTest
    @Description("EXPECTED TO FAIL: without the fence, the producer's load of sleeping passes its publish.")
    @Outcome(id = "0, 0", expect = FORBIDDEN,
        desc = "Lost wake-up: the producer saw no sleeper and the sleeper saw no entry, so it would park.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The consumer saw the entry and does not park.")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The producer saw the sleeper and unparks it.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Both saw each other: a spurious but harmless unpark.")
    @State
    public static class SleepHandshakeWithoutFence {

        private static final VarHandle SLEEPING;

        static {
            try {
                SLEEPING = MethodHandles.lookup().findVarHandle(
                    SleepHandshakeWithoutFence.class, "sleeping", int.class);
            } catch (final ReflectiveOperationException ex) {
                throw new ExceptionInInitializerError(ex);
            }
        }

        private final OneToOneChannel channel = new OneToOneChannel(2);
        /**
         * 1 while the consumer announces that it may park: volatile store by the consumer, volatile load by the
         * producer.
         */
        private volatile int sleeping;

        /**
         * The producer kernel's flush with the fence left out: publish, read {@code sleeping}.
         *
         * @param r r1: 1 if it saw the consumer sleeping
         */
        @Actor
        public void producer(final II_Result r) {
            Entries.offer(channel, 1);
            channel.publish();
            // the VarHandle.fullFence() of Kernel.flush is missing here
            r.r1 = sleeping;
        }

        /**
         * The consumer kernel's prepareToSleep: volatile store of {@code sleeping}, then look for entries.
         *
         * @param r r2: 1 if it saw an entry
         */
        @Actor
        public void consumer(final II_Result r) {
            SLEEPING.setVolatile(this, 1);
            r.r2 = channel.hasEntries() ? 1 : 0;
        }
    }
}
