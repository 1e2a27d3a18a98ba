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
 * jcstress tests of the two release/acquire pairs of {@link OneToOneChannel} (see its implementation notes), and of
 * the kernel's sleep handshake that is built on them. One nested class per memory-model hole; in each, the outcome
 * that the hole would allow is {@code FORBIDDEN}.
 *
 * <ul>
 *   <li>{@link Publication}: pair #1. The consumer must never see a published producer index with a null or stale
 *       slot behind it (a missing release in {@code publish}, or a missing acquire in {@code drain}).</li>
 *   <li>{@link DeferredPublication}: the batch contract. Entries are invisible until {@code publish}, and one publish
 *       makes its whole batch visible at once (an {@code offer} that published by itself, or a {@code publish} that
 *       released too little, would show).</li>
 *   <li>{@link SlotReuse}: pair #2. The producer must never overwrite a slot the consumer has not finished reading
 *       and clearing (a release of the consumer index before the reads and the nulling, or a missing acquire in
 *       {@code offer}), so neither a read of the new entry in place of the old one nor a lost entry can happen.</li>
 *   <li>{@link SleepHandshake}: the Dekker handshake of {@code Kernel}'s sleep protocol (publish, full fence, read
 *       {@code sleeping}; against: volatile store of {@code sleeping}, then {@code hasEntries}). A lost wake-up, in
 *       which neither side sees the other, is forbidden. This test copies the protocol from {@code Kernel}; keep the
 *       two in step.</li>
 * </ul>
 *
 * <p>Thread contract: as jcstress runs them; each actor below is either the producer or the consumer of its state's
 * channel, never both, and an {@link Arbiter} runs after both actors have finished.
 *
 * <p>How to run, from the repository root: {@code mvn -q install -pl lepus-concurrency-tests -am -DskipTests}, then
 * {@code lepus-concurrency-tests/run-jcstress.sh} (100 s on two idle cores). The script runs
 * {@code java -jar jcstress.jar -m quick -r jcstress-results} in {@code target/} and fails unless every result passed,
 * that is, no outcome was FORBIDDEN or unmatched and no fork failed. Options given to the script replace
 * {@code -m quick}: {@code -m default}, {@code tough} or {@code stress} run longer, and {@code -t SlotReuse} selects
 * tests by regular expression. {@code BrokenChannelTests}, in the test sources, shows that these scenarios do fail
 * against broken code.
 *
 * <p>What x86 can show: its hardware reorders only a store with a later load, which is what {@link SleepHandshake}
 * needs to fail. For the other three only JIT reorderings can show there, so a release or acquire that is merely
 * missing (not misplaced) in the channel goes unseen on x86: a copy with plain index accesses passed {@code -m quick}
 * here. Run the suite on arm64 as well where possible.
 */
public final class OneToOneChannelTests {

    private OneToOneChannelTests() {
    }

    /**
     * Creates a channel of capacity 2 whose next entry goes to slot 0 for the second time, so that every slot has
     * been written and cleared once and both sides have cached indices to refresh.
     *
     * @return the channel
     */
    static OneToOneChannel wrappedChannel() {
        final OneToOneChannel channel = new OneToOneChannel(2);
        final Entries.Recorder warmUp = new Entries.Recorder(0);
        Entries.offer(channel, 6);
        Entries.offer(channel, 7);
        channel.publish();
        warmUp.drainAll(channel);
        return channel;
    }

    /**
     * Pair #1 (release in {@code publish}, acquire in {@code drain}): a published entry is seen whole.
     *
     * <p>The producer writes one entry into a slot that held an entry before (and was nulled by the consumer), then
     * publishes. The consumer drains once. Result: (entries taken, code of the entry taken).
     */
    @JCStressTest
    @Description("A consumer that sees the published producer index sees the slots written before it.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The consumer looked before the publish: nothing to take.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The consumer took the published entry, whole.")
    @Outcome(id = "1, -1", expect = FORBIDDEN,
        desc = "Published index seen but a slot still null: the slot writes were not ordered before the release.")
    @Outcome(id = "1, 99", expect = FORBIDDEN,
        desc = "Published index seen but the slot holds a mix of entries: a stale or torn read.")
    @Outcome(expect = FORBIDDEN, desc = "Any other outcome is a bug in the channel or in the test.")
    @State
    public static class Publication {

        private final OneToOneChannel channel = wrappedChannel();
        private final Entries.Recorder recorder = new Entries.Recorder(1);

        /** The producer: offer entry 1, publish. */
        @Actor
        public void producer() {
            Entries.offer(channel, 1);
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

    /**
     * Deferred publication: nothing is visible before {@code publish}, and a publish exposes its whole batch at once.
     *
     * <p>The producer offers entries 1 and 2, publishes, then offers entry 3 and does not publish it. The consumer
     * drains once with room for all three. Result: (entries taken, code of the first, code of the second).
     */
    @JCStressTest
    @Description("Offers are invisible until publish; one publish exposes all the offers before it.")
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "The consumer looked before the publish: nothing to take.")
    @Outcome(id = "2, 1, 2", expect = ACCEPTABLE, desc = "The consumer took the published batch, whole and in order.")
    @Outcome(id = "1, .*", expect = FORBIDDEN,
        desc = "Half a batch: an offer became visible on its own, or publish released less than it covered.")
    @Outcome(id = "3, .*", expect = FORBIDDEN, desc = "The unpublished third entry was exposed.")
    @Outcome(expect = FORBIDDEN,
        desc = "The batch was seen with a null, torn or misordered slot, or another bug in the channel or the test.")
    @State
    public static class DeferredPublication {

        private final OneToOneChannel channel = new OneToOneChannel(4);
        private final Entries.Recorder recorder = new Entries.Recorder(2);

        /** The producer: offer 1 and 2, publish, offer 3. */
        @Actor
        public void producer() {
            Entries.offer(channel, 1);
            Entries.offer(channel, 2);
            channel.publish();
            Entries.offer(channel, 3);
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

    /**
     * Pair #2 (release at the end of {@code drain}, acquire in {@code offer}): a slot is reused only after the
     * consumer has read and cleared it.
     *
     * <p>The channel (capacity 2) starts full with entries 1 and 2, published. The producer tries to offer entry 3,
     * which fits only in the slot of entry 1 once the consumer has released it, and publishes. The consumer drains one
     * entry. Then the arbiter drains what is left. Result: (offer succeeded, code the consumer took, codes of the
     * first and second entries the arbiter took).
     */
    @JCStressTest
    @Description("The producer never overwrites a slot that the consumer has not finished with.")
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

        private final OneToOneChannel channel = new OneToOneChannel(2);
        private final Entries.Recorder recorder = new Entries.Recorder(1);
        private final Entries.Recorder rest = new Entries.Recorder(2);

        /** Fills the channel with entries 1 and 2, published. */
        public SlotReuse() {
            Entries.offer(channel, 1);
            Entries.offer(channel, 2);
            channel.publish();
        }

        /**
         * The producer: offer entry 3, publish.
         *
         * @param r r1: 1 if the offer succeeded
         */
        @Actor
        public void producer(final IIII_Result r) {
            r.r1 = Entries.offer(channel, 3) ? 1 : 0;
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
            rest.drainAll(channel);
            r.r3 = rest.codeAt(0);
            r.r4 = rest.codeAt(1);
        }
    }

    /**
     * The kernel's sleep handshake (see {@code Kernel}'s sleep protocol): no lost wake-up.
     *
     * <p>The producer kernel offers and publishes an entry, issues a full fence, and reads the consumer kernel's
     * {@code sleeping} flag to decide whether to unpark it. The consumer kernel announces that it may park with a
     * volatile store of {@code sleeping}, then looks for work with {@link OneToOneChannel#hasEntries()}. Result: (the
     * producer saw sleeping, the consumer saw the entry).
     */
    @JCStressTest
    @Description("Either the producer sees the consumer's sleeping flag, or the consumer sees the published entry.")
    @Outcome(id = "0, 0", expect = FORBIDDEN,
        desc = "Lost wake-up: the producer saw no sleeper and the sleeper saw no entry, so it would park.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The consumer saw the entry and does not park.")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The producer saw the sleeper and unparks it.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Both saw each other: a spurious but harmless unpark.")
    @State
    public static class SleepHandshake {

        private static final VarHandle SLEEPING;

        static {
            try {
                SLEEPING = MethodHandles.lookup().findVarHandle(SleepHandshake.class, "sleeping", int.class);
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
         * The producer kernel's flush: publish, full fence, read {@code sleeping}.
         *
         * @param r r1: 1 if it saw the consumer sleeping
         */
        @Actor
        public void producer(final II_Result r) {
            Entries.offer(channel, 1);
            channel.publish();
            VarHandle.fullFence();
            r.r1 = sleeping;
        }

        /**
         * The consumer kernel's prepareToSleep: volatile store of {@code sleeping}, full fence, then look for entries.
         *
         * @param r r2: 1 if it saw an entry
         */
        @Actor
        public void consumer(final II_Result r) {
            SLEEPING.setVolatile(this, 1);
            VarHandle.fullFence();
            r.r2 = channel.hasEntries() ? 1 : 0;
        }
    }
}
