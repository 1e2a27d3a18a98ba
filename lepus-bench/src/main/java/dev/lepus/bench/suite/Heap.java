package dev.lepus.bench.suite;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The used heap after full collections, for bytes-per-component measurements.
 *
 * <p>Thread contract: threadsafe; call it while the measured structures are quiet.
 */
final class Heap {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Heap() {
    }

    /**
     * Collects until the used heap stops shrinking (at most five times) and returns it.
     *
     * @return the used heap in bytes
     */
    static long used() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            final long now = MEMORY.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }
}
