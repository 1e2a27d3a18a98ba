package dev.lepus.cli;

import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.lepus.kernel.NodeSettings;
import dev.lepus.store.SnapshotRow;
import dev.lepus.store.StateStore;

/**
 * Keeps the durable OS state's snapshot index: each snapshot a kernel journals becomes a row (component, sequence
 * number, the kernel's journal folder, the record's index in it). The kernels only offer a row to a bounded queue; one
 * thread writes the rows. If the queue is full, the row is counted as not indexed and reported at close (the snapshot
 * itself is in the journal either way).
 *
 * <p>Thread contract: {@link #snapshotTaken} on kernel threads; the rest on the booting thread.
 */
final class SnapshotIndex implements NodeSettings.SnapshotListener, AutoCloseable {

    private final ArrayBlockingQueue<SnapshotRow> queue = new ArrayBlockingQueue<>(4096);
    private final AtomicLong missed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean closing;
    private Thread writer;

    @Override
    public void snapshotTaken(final long componentId, final long seq, final int kernel, final long recordIndex) {
        if (!queue.offer(new SnapshotRow(componentId, seq, "kernel-" + kernel, recordIndex, Instant.now()))) {
            missed.incrementAndGet();
        }
    }

    /** Starts writing rows into {@code store}. */
    void start(final StateStore store) {
        writer = Thread.ofPlatform().daemon().name("lepus-snapshot-index").start(() -> {
            while (!closing || !queue.isEmpty()) {
                try {
                    final SnapshotRow row = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (row != null) {
                        store.insertSnapshot(row);
                        written.incrementAndGet();
                    }
                } catch (final InterruptedException ex) {
                    return;
                } catch (final RuntimeException ex) {
                    missed.incrementAndGet();
                }
            }
        });
    }

    /** Writes what is queued, then stops; says how many rows it wrote and missed. */
    @Override
    public void close() {
        closing = true;
        if (writer != null) {
            try {
                writer.join(10_000);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (written.get() > 0 || missed.get() > 0) {
            System.err.println("lepus: snapshot index: " + written.get() + " snapshot(s) indexed"
                + (missed.get() > 0 ? ", " + missed.get() + " not indexed (the index fell behind)" : ""));
        }
    }
}
