package dev.lepus.kernel.journal;

import static dev.lepus.kernel.journal.JournalDescriptor.PAYLOAD_OFFSET;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads journals back: the records of one kernel in order, of every kernel, or of one component, checking every
 * segment header, record checksum and index on the way. It never throws on bad data: each problem becomes a
 * {@link Corruption} in {@link #corruptions()}, the bad bytes are skipped, and reading resumes at the next valid record
 * (the recovery rules are in docs/journal.md, "Corruption handling"). Nothing valid is lost; nothing invalid is
 * returned.
 *
 * <p>Thread contract: not threadsafe; one thread. It may read a journal that a writer (another process) is appending
 * to: each iteration lists the segment files when it starts, and reads a segment's bytes when it reaches it, so it sees
 * a prefix of the journal; the writer's publication order makes that prefix end at a whole record.
 *
 * <p>Order: one kernel's records come in record-index order. {@link #records()} gives kernel 0's, then kernel 1's, and
 * so on: kernels are independent, so there is no global order across them.
 */
public final class JournalReader implements AutoCloseable {

    private static final Pattern KERNEL_DIR = Pattern.compile("kernel-(\\d{1,9})");

    private final TreeMap<Integer, Path> kernelDirs;
    private final Set<Corruption> corruptions = new LinkedHashSet<>();
    private boolean closed;

    private JournalReader(final TreeMap<Integer, Path> kernelDirs) {
        this.kernelDirs = kernelDirs;
    }

    /**
     * Opens a journal folder: the root that holds {@code kernel-<k>} folders, or one {@code kernel-<k>} folder.
     *
     * @param journalDir the folder
     * @return the reader; it holds no open file between calls
     * @throws UncheckedIOException naming the path, if it is not a folder or cannot be listed
     */
    public static JournalReader open(final Path journalDir) {
        Objects.requireNonNull(journalDir, "journalDir");
        if (!Files.isDirectory(journalDir)) {
            throw new UncheckedIOException("journal: not a journal folder: " + journalDir,
                new NoSuchFileException(journalDir.toString()));
        }
        final TreeMap<Integer, Path> dirs = new TreeMap<>();
        final Path name = journalDir.getFileName();
        final var own = name == null ? null : KERNEL_DIR.matcher(name.toString());
        if (own != null && own.matches()) {
            dirs.put(Integer.parseInt(own.group(1)), journalDir);
        } else {
            try (var stream = Files.list(journalDir)) {
                stream.filter(Files::isDirectory).forEach(dir -> {
                    final var m = KERNEL_DIR.matcher(dir.getFileName().toString());
                    if (m.matches()) {
                        dirs.put(Integer.parseInt(m.group(1)), dir);
                    }
                });
            } catch (final IOException ex) {
                throw new UncheckedIOException("journal: cannot list the journal folder " + journalDir + ": " + ex, ex);
            }
        }
        return new JournalReader(dirs);
    }

    /** @return the kernels that have a folder in this journal, ascending */
    public List<Integer> kernels() {
        return List.copyOf(kernelDirs.keySet());
    }

    /**
     * The problems found so far, in the order they were found, each once (reading the same segment again does not
     * repeat them).
     *
     * @return a snapshot
     */
    public List<Corruption> corruptions() {
        return List.copyOf(corruptions);
    }

    /** @return every record of every kernel: kernel by kernel (ascending), each kernel's in record order */
    public Iterable<JournalRecord> records() {
        return () -> new MultiKernelIterator(List.copyOf(kernelDirs.keySet()), false, 0);
    }

    /**
     * @param kernel a kernel index
     * @return that kernel's records in order; none if the journal has no folder for it
     */
    public Iterable<JournalRecord> kernelRecords(final int kernel) {
        return () -> new MultiKernelIterator(kernelDirs.containsKey(kernel) ? List.of(kernel) : List.of(), false, 0);
    }

    /**
     * Reads only one component's records (the others are checked but not copied).
     *
     * @param componentId the component
     * @return its records: kernel by kernel, each kernel's in order
     */
    public Iterable<JournalRecord> componentRecords(final long componentId) {
        return () -> new MultiKernelIterator(List.copyOf(kernelDirs.keySet()), true, componentId);
    }

    /**
     * Reads every record of every kernel into a list.
     *
     * @return the records, in {@link #records()} order
     */
    public List<JournalRecord> readAll() {
        final List<JournalRecord> all = new ArrayList<>();
        records().forEach(all::add);
        return all;
    }

    /** Closes the reader; it holds no file open between calls, so this only forbids further reads. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    private void report(final Corruption corruption) {
        corruptions.add(corruption);
    }

    /**
     * Iterates kernels in turn, one segment's records buffered at a time.
     *
     * <p>Thread contract: not threadsafe; the reader's thread.
     */
    private final class MultiKernelIterator implements Iterator<JournalRecord> {
        private final List<Integer> kernels;
        private final boolean filter;
        private final long componentId;
        private final ArrayDeque<JournalRecord> batch = new ArrayDeque<>();
        private int nextKernel;
        private int kernel;
        private List<Path> files = List.of();
        private int nextFile;
        private SegmentScanner scanner;

        MultiKernelIterator(final List<Integer> kernels, final boolean filter, final long componentId) {
            if (closed) {
                throw new IllegalStateException("journal reader is closed");
            }
            this.kernels = kernels;
            this.filter = filter;
            this.componentId = componentId;
        }

        @Override
        public boolean hasNext() {
            while (batch.isEmpty()) {
                if (nextFile < files.size()) {
                    readSegment(files.get(nextFile++));
                } else if (nextKernel < kernels.size()) {
                    startKernel(kernels.get(nextKernel++));
                } else {
                    return false;
                }
            }
            return true;
        }

        @Override
        public JournalRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return batch.removeFirst();
        }

        private void startKernel(final int k) {
            kernel = k;
            nextFile = 0;
            scanner = new SegmentScanner(k, JournalReader.this::report);
            final Path dir = kernelDirs.get(k);
            try {
                files = SegmentFiles.list(dir);
            } catch (final UncheckedIOException ex) {
                files = List.of();
                report(new Corruption(dir, 0, "cannot list the kernel's folder: " + ex.getCause()));
            }
        }

        private void readSegment(final Path file) {
            final ByteBuffer data;
            try {
                data = SegmentFiles.read(file);
            } catch (final UncheckedIOException ex) {
                report(new Corruption(file, 0, "unreadable segment: " + ex.getCause()
                    + " (a segment deleted or recycled by retention while being read is one cause); skipped"));
                return;
            }
            scanner.scan(file, data, (d, offset, kind, length, index, component, seq) -> {
                if (!filter || component == componentId) {
                    final byte[] payload = Arrays.copyOfRange(d.array(), d.arrayOffset() + offset + PAYLOAD_OFFSET,
                        d.arrayOffset() + offset + PAYLOAD_OFFSET + length);
                    batch.addLast(new JournalRecord(kernel, index, component, seq, kind, payload, file, offset));
                }
            });
        }
    }
}
