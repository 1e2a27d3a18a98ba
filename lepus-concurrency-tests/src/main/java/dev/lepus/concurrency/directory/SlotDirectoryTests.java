package dev.lepus.concurrency.directory;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import dev.lepus.kernel.directory.SlotDirectory;

/**
 * jcstress tests of the release/acquire pairs of {@link SlotDirectory} (see its implementation notes): a reader that
 * scans the directory while its owner adds must see every object whole, and must not lose the objects that were there
 * before a growth. In each nested class the outcome the hole would allow is {@code FORBIDDEN}.
 *
 * <ul>
 *   <li>{@link Publication}: the release store of an element against the reader's acquire load of it.</li>
 *   <li>{@link Growth}: the release store of a grown array against the reader's acquire load of the array: the copy
 *       of the old elements must be visible with the new array.</li>
 * </ul>
 *
 * <p>Thread contract: as jcstress runs them; one actor is the owner (the only writer), the other a reader.
 *
 * <p>Run with the rest of the suite: {@code lepus-concurrency-tests/run-jcstress.sh} ({@code -t SlotDirectory} selects
 * these). As for the channel, on x86 only JIT reorderings can show a missing release or acquire here; run on arm64 too
 * where possible.
 */
public final class SlotDirectoryTests {

    private SlotDirectoryTests() {
    }

    /** An object whose fields the owner writes before it publishes the object. */
    static final class Item {
        int a;
        int b;

        Item(final int a, final int b) {
            this.a = a;
            this.b = b;
        }
    }

    /** Scans a directory: (objects seen, sum of their a + b fields). */
    static void scan(final SlotDirectory<Item> d, final II_Result r) {
        final int[] seen = new int[2];
        d.forEach(i -> {
            seen[0]++;
            seen[1] += i.a + i.b;
        });
        r.r1 = seen[0];
        r.r2 = seen[1];
    }

    /** An object added by the owner is seen whole or not at all. */
    @JCStressTest
    @Description("A reader that sees a published object sees the fields written before its add.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The reader scanned before the add.")
    @Outcome(id = "1, 3", expect = ACCEPTABLE, desc = "The reader saw the object, whole.")
    @Outcome(id = "1, .*", expect = FORBIDDEN,
        desc = "The object was seen with a field not yet written: its stores were not ordered before the release.")
    @Outcome(expect = FORBIDDEN, desc = "Any other outcome is a bug in the directory or in the test.")
    @State
    public static class Publication {

        private final SlotDirectory<Item> directory = new SlotDirectory<>();

        /** The owner: make an object, publish it. */
        @Actor
        public void owner() {
            final Item i = new Item(0, 0);
            i.a = 1; // plain stores after construction: only the release of add orders them
            i.b = 2;
            directory.add(i);
        }

        /**
         * A reader: one scan.
         *
         * @param r (objects seen, sum of their fields)
         */
        @Actor
        public void reader(final II_Result r) {
            scan(directory, r);
        }
    }

    /** The add that grows the array keeps every object that was there, and publishes the new one whole. */
    @JCStressTest
    @Description("Across a growth of the slot array, a reader sees all 16 earlier objects, and the 17th whole or not.")
    @Outcome(id = "16, 32", expect = ACCEPTABLE,
        desc = "The reader scanned the array from before the growth, or the grown one before the new element.")
    @Outcome(id = "17, 35", expect = ACCEPTABLE, desc = "The reader scanned the grown array, the new object whole.")
    @Outcome(expect = FORBIDDEN,
        desc = "Objects lost or seen torn: the copy, or the new object's fields, were not ordered before a release.")
    @State
    public static class Growth {

        private final SlotDirectory<Item> directory = new SlotDirectory<>();

        /** Fills the initial 16 slots. */
        public Growth() {
            for (int k = 0; k < 16; k++) {
                directory.add(new Item(1, 1));
            }
        }

        /** The owner: the 17th add grows the array. */
        @Actor
        public void owner() {
            final Item i = new Item(0, 0);
            i.a = 1;
            i.b = 2;
            directory.add(i);
        }

        /**
         * A reader: one scan.
         *
         * @param r (objects seen, sum of their fields)
         */
        @Actor
        public void reader(final II_Result r) {
            scan(directory, r);
        }
    }
}
