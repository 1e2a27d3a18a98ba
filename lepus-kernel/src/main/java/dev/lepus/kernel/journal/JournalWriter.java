package dev.lepus.kernel.journal;

import static dev.lepus.kernel.journal.JournalDescriptor.CRC_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.INDEX_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.MIN_RECORD_LENGTH;
import static dev.lepus.kernel.journal.JournalDescriptor.PAYLOAD_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.SEGMENT_HEADER_LENGTH;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Appends a kernel's journal records: to memory-mapped segment files ({@link JournalPolicy#FILE},
 * {@link JournalPolicy#FSYNC}), to an in-memory ring ({@link JournalPolicy#RING}), or nowhere
 * ({@link JournalPolicy#OFF}). The layout is {@link JournalDescriptor}'s; {@link JournalReader} reads it back.
 *
 * <p>Thread contract: not threadsafe; single writer. {@link #append}, {@link #commitBatch()} and the accessors are
 * called only on the writer thread (the kernel's); the first thread to call {@code append} or {@code commitBatch}
 * becomes the writer thread, and an assertion checks it. {@link #open} may run on any thread, and {@link #dump} and
 * {@link #close()} on the writer thread or on any thread after it has stopped (a happens-before edge, such as
 * {@link Thread#join()}, is the caller's).
 *
 * <p>Life cycle: {@code OPEN -> CLOSED} ({@link #close()}, or a failed segment roll, after which every append throws
 * {@link IllegalStateException} naming the failure).
 *
 * <p>Durability: {@code FILE} writes into the page cache through the mapping, so a record survives a crash of the
 * process as soon as {@code append} returns, but not a crash of the machine. {@code FSYNC} also forces the written range
 * to the device at every {@link #commitBatch()}, and forces the folder when it creates a segment.
 *
 * <p>Restart: {@link #open} on a folder that holds segments scans the last one, cuts a torn tail (it truncates the
 * file at the end of the last valid record and reports what it cut in {@link #recoveryReport()}), and goes on appending
 * after it, numbering records from the last valid one. {@link #close()} trims the last segment to its written length,
 * so a closed journal has no zero tail.
 */
/*
 * Implementation notes.
 *
 * Append (FILE and RING share it): claim recordLength bytes at `position` (FILE: roll to a new segment if they do not
 * fit; RING: wrap and evict the oldest records), then:
 *   1. zero the record's last 8 bytes (its padding), write bytes 8..31 (index, component, seq), then the payload;
 *   2. CRC32C over the header bytes 0..31 (from the scratch array, where word 0 is built) and over the buffer's bytes
 *      36..end (payload and padding, through crcView, a duplicate whose position/limit only the CRC uses);
 *   3. store the CRC at 32, then store-release word 0 (sync, kind, flags, length).
 * The release in 3 is the publication point: a reader of a live segment (another process reading the file, or this
 * one) that sees word 0 sees the whole record, and one that sees zeros there sees the end of the written data. (On
 * x86 every store is ordered; the release keeps the JIT from reordering.) No allocation: the scratch array, the CRC
 * object and crcView belong to the writer; absolute puts do not touch the buffer's position.
 *
 * Ring: `limit` is the capacity C, `position` the physical tail, tailPos/headPos the logical (ever-growing) tail and
 * head, headPhys the physical head. Invariant: 0 <= tailPos - headPos <= C, and headPos..tailPos is a sequence of
 * whole records and wrap markers. A record never wraps: if it does not fit before C, an 8-byte zero word (the wrap
 * marker; a record's word 0 is never zero) is stored at the tail and the record goes to offset 0. Before anything is
 * written, the head is advanced past every record the new one (and the skipped end) would overwrite, each counted in
 * overwrittenRecords(). dump() walks head to tail and writes the records, unchanged, into segment files.
 *
 * Files: a segment is created at its full size by writing zeros (so a full disk is an IOException here, not a SIGBUS
 * on a mapped page later), mapped, and given its header. Roll: force (FSYNC), truncate to the written length, close,
 * create the next (or, with retainSegments > 0 and that many segments, recycle the oldest into the next: see
 * recycleSegment), delete the oldest beyond retainSegments. The old MappedByteBuffer is dropped, not unmapped (the JDK
 * unmaps it when it is collected); truncating and deleting a mapped file is fine on Linux and macOS.
 */
public final class JournalWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JournalWriter.class.getName());

    private static final VarHandle LONG_IN_BUFFER =
        MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_IN_ARRAY =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    /**
     * Zeros for preallocating segment files, made on first use.
     *
     * <p>Thread contract: threadsafe: the buffer is read-only and never read through directly; each user takes its own
     * duplicate (its own position and limit).
     */
    private static final class Zeros {
        static final ByteBuffer BUFFER = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();
    }

    // Configuration, final.
    private final JournalSettings settings;
    private final int kernel;
    private final boolean disabled;
    private final boolean ring;
    private final boolean fsync;
    private final int maxPayload;
    private final int segmentBytes;
    private final Path kernelDir;
    private final CRC32C crc = new CRC32C();
    private final byte[] scratch = new byte[CRC_OFFSET];
    private final ArrayDeque<Path> segments = new ArrayDeque<>();
    private List<Corruption> recovery = List.of();

    // Hot state: written and read only by the writer thread.
    /** The current segment's mapping, or the ring. */
    private ByteBuffer buffer;
    /** A duplicate of buffer whose position and limit the CRC uses. */
    private ByteBuffer crcView;
    /** Next write offset in buffer (FILE: the written length; RING: the physical tail). */
    private int position;
    /** FILE: the segment size; RING: the ring's capacity. */
    private int limit;
    private long nextIndex;
    private long records;
    private long bytes;
    private String failure;
    private Thread owner;
    private java.util.function.BooleanSupplier confinement;

    // FILE and FSYNC.
    private MappedByteBuffer mapped;
    private FileChannel channel;
    private Path segmentPath;
    private long segmentIndex;
    private int forcedTo;

    // RING.
    private long tailPos;
    private long headPos;
    private int headPhys;
    private long overwritten;

    private JournalWriter(final JournalSettings settings, final int kernel) {
        this.settings = settings;
        this.kernel = kernel;
        this.disabled = settings.policy() == JournalPolicy.OFF;
        this.ring = settings.policy() == JournalPolicy.RING;
        this.fsync = settings.policy() == JournalPolicy.FSYNC;
        this.maxPayload = settings.maxPayloadBytes();
        this.segmentBytes = (int) settings.segmentBytes();
        this.kernelDir = settings.dir().resolve(JournalDescriptor.kernelDirName(kernel));
    }

    /**
     * Opens a kernel's journal: for {@code FILE} and {@code FSYNC}, creates {@code dir/kernel-<k>/} if needed and
     * either starts segment 0 or continues after the last valid record of the existing segments (see the class
     * comment); for {@code RING}, allocates the ring; for {@code OFF}, nothing.
     *
     * @param settings the settings
     * @param kernelIndex the kernel index, not negative
     * @return the writer
     * @throws UncheckedIOException naming the path, if the folder or a segment cannot be created, read or written
     * @throws IllegalStateException naming the file, if the last segment belongs to another kernel or format version
     */
    public static JournalWriter open(final JournalSettings settings, final int kernelIndex) {
        Objects.requireNonNull(settings, "settings");
        if (kernelIndex < 0) {
            throw new IllegalArgumentException("journal kernel index must not be negative: " + kernelIndex);
        }
        final JournalWriter writer = new JournalWriter(settings, kernelIndex);
        switch (settings.policy()) {
            case OFF -> {
            }
            case RING -> writer.startRing();
            case FILE, FSYNC -> {
                try {
                    writer.startFiles();
                } catch (final RuntimeException ex) {
                    writer.abandon();
                    throw ex;
                }
            }
        }
        return writer;
    }

    /**
     * Appends one record. Writer thread only; allocation-free.
     *
     * @param componentId the component the record belongs to
     * @param seq the component's sequence number
     * @param kind what the record is, 0..255
     * @param payload the payload's array
     * @param off the payload's offset in it
     * @param len the payload's length, at most {@link JournalSettings#maxPayloadBytes()}
     * @throws IllegalArgumentException if the kind is out of range, or the record does not fit in a segment (or ring)
     * @throws IndexOutOfBoundsException if off and len do not fit the array
     * @throws IllegalStateException if the writer is closed
     * @throws UncheckedIOException naming the path, if rolling to a new segment fails
     */
    public void append(final long componentId, final long seq, final int kind, final byte[] payload, final int off,
                       final int len) {
        if (disabled) {
            return;
        }
        assert onWriterThread() : "journal append off the writer thread " + owner;
        if (failure != null) {
            throw closed();
        }
        if ((kind & ~0xFF) != 0) {
            throw new IllegalArgumentException("journal record kind must be in 0..255: " + kind);
        }
        Objects.checkFromIndexSize(off, len, payload.length);
        if (len > maxPayload) {
            throw tooLarge(len);
        }
        final int recordLength = JournalDescriptor.recordLength(len);
        final int p = ring ? claimRing(recordLength) : claimFile(recordLength);
        encode(p, recordLength, componentId, seq, kind, payload, off, len);
    }

    /**
     * Appends one record with a whole array as its payload.
     *
     * @param componentId the component
     * @param seq its sequence number
     * @param kind 0..255
     * @param payload the payload
     * @see #append(long, long, int, byte[], int, int)
     */
    public void append(final long componentId, final long seq, final int kind, final byte[] payload) {
        append(componentId, seq, kind, payload, 0, payload.length);
    }

    /**
     * Ends a batch (a kernel duty cycle). {@code FSYNC}: forces the records written since the last batch to the device.
     * Other policies: nothing. Writer thread only.
     *
     * @throws UncheckedIOException naming the segment, if forcing fails
     */
    public void commitBatch() {
        if (!fsync) {
            return;
        }
        assert onWriterThread() : "journal commit off the writer thread " + owner;
        if (failure != null) {
            throw closed();
        }
        forceWritten();
    }

    /**
     * Writes out what the journal holds. {@code RING}: writes the ring's records, oldest first, as segment files under
     * {@code dir/kernel-<k>/} (which must hold no segments yet), readable by {@link JournalReader}; each file is forced
     * to the device. {@code FILE} and {@code FSYNC}: forces the current segment to the device ({@code dir} is not used:
     * the journal already is in its own folder). {@code OFF}: nothing.
     *
     * @param dir the root folder to dump a ring into
     * @throws UncheckedIOException naming the path, if a file cannot be written, or the folder already holds segments
     * @throws IllegalStateException if the writer is closed (a closed ring is gone)
     */
    public void dump(final Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (disabled) {
            return;
        }
        if (failure != null) {
            throw closed();
        }
        if (ring) {
            dumpRing(dir.resolve(JournalDescriptor.kernelDirName(kernel)));
        } else {
            forceWritten();
        }
    }

    /** @return records appended by this writer since it was opened (for a ring: including those since overwritten) */
    public long records() {
        return records;
    }

    /** @return bytes of records (headers and padding included) appended by this writer since it was opened */
    public long bytes() {
        return bytes;
    }

    /** @return the index the next record will get: the number of records ever appended to this kernel's journal */
    public long nextIndex() {
        return nextIndex;
    }

    /** @return records the ring has overwritten (lost to a dump); 0 for other policies */
    public long overwrittenRecords() {
        return overwritten;
    }

    /** @return what {@link #open} found wrong in the existing segments and cut or deleted; empty on a clean start */
    public List<Corruption> recoveryReport() {
        return recovery;
    }

    /** @return the segment being written, for {@code FILE} and {@code FSYNC} while open */
    public Optional<Path> currentSegment() {
        return Optional.ofNullable(failure == null ? segmentPath : null);
    }

    /** @return the settings */
    public JournalSettings settings() {
        return settings;
    }

    /** @return the kernel index */
    public int kernel() {
        return kernel;
    }

    /**
     * Closes the journal: {@code FILE} and {@code FSYNC} force (FSYNC) and trim the last segment to its written length;
     * {@code RING} drops the ring (dump it first to keep it). Idempotent.
     *
     * @throws UncheckedIOException naming the segment, if trimming fails (the writer is closed anyway)
     */
    @Override
    public void close() {
        if (failure != null) {
            return;
        }
        failure = "closed";
        try {
            if (channel != null) {
                finishSegment();
            }
        } finally {
            buffer = null;
            crcView = null;
        }
    }

    // ------------------------------------------------------------------------------------------------ hot path

    private int claimFile(final int recordLength) {
        final int p = position;
        if (p + recordLength <= limit) {
            position = p + recordLength;
            return p;
        }
        roll();
        final int q = position;
        position = q + recordLength;
        return q;
    }

    private int claimRing(final int recordLength) {
        final int capacity = limit;
        int p = position;
        final int skip = p + recordLength > capacity ? capacity - p : 0;
        final long newTail = tailPos + skip + recordLength;
        if (newTail - headPos > capacity) {
            evict(newTail - capacity, skip);
        }
        if (skip != 0) {
            buffer.putLong(p, 0L); // the wrap marker
            p = 0;
        }
        tailPos = newTail;
        position = p + recordLength == capacity ? 0 : p + recordLength;
        return p;
    }

    private void encode(final int p, final int recordLength, final long componentId, final long seq, final int kind,
                        final byte[] payload, final int off, final int len) {
        final ByteBuffer b = buffer;
        final byte[] s = scratch;
        final long index = nextIndex;
        final long word0 = JournalDescriptor.word0(kind, len);
        LONG_IN_ARRAY.set(s, 0, word0);
        LONG_IN_ARRAY.set(s, INDEX_OFFSET, index);
        LONG_IN_ARRAY.set(s, JournalDescriptor.COMPONENT_OFFSET, componentId);
        LONG_IN_ARRAY.set(s, JournalDescriptor.SEQ_OFFSET, seq);
        final int end = p + recordLength;
        b.putLong(end - Long.BYTES, 0L); // the padding; the payload overwrites what it covers
        b.put(p + INDEX_OFFSET, s, INDEX_OFFSET, CRC_OFFSET - INDEX_OFFSET);
        b.put(p + PAYLOAD_OFFSET, payload, off, len);
        final CRC32C c = crc;
        c.reset();
        c.update(s, 0, CRC_OFFSET);
        final ByteBuffer v = crcView;
        v.limit(end).position(p + PAYLOAD_OFFSET);
        c.update(v);
        b.putInt(p + CRC_OFFSET, (int) c.getValue());
        LONG_IN_BUFFER.setRelease(b, p, word0); // publication point: see the implementation notes
        nextIndex = index + 1;
        records++;
        bytes += recordLength;
    }

    /**
     * Says which threads may write: by default the first that does. A kernel whose handlers run on threads of their
     * own (level L4) hands the writer from thread to thread, one at a time and with happens-before, and says so here.
     *
     * @param check true on a thread that may write now
     */
    public void confineTo(final java.util.function.BooleanSupplier check) {
        confinement = check;
    }

    private boolean onWriterThread() {
        if (confinement != null) {
            return confinement.getAsBoolean();
        }
        final Thread current = Thread.currentThread();
        if (owner == null) {
            owner = current;
        }
        return owner == current;
    }

    private IllegalStateException closed() {
        return new IllegalStateException("journal writer of kernel " + kernel + " is " + failure);
    }

    private IllegalArgumentException tooLarge(final int len) {
        final String room = ring
            ? "a segment of " + segmentBytes + " bytes (" + SEGMENT_HEADER_LENGTH + "-byte header) and a ring of "
                + limit + " bytes"
            : "a segment of " + segmentBytes + " bytes (" + SEGMENT_HEADER_LENGTH + "-byte header)";
        return new IllegalArgumentException("journal record with a " + len + "-byte payload ("
            + ((long) JournalDescriptor.RECORD_HEADER_LENGTH + len) + " bytes with its header) does not fit in " + room
            + ": the largest payload is " + maxPayload + " bytes");
    }

    // ------------------------------------------------------------------------------------------------ ring

    private void startRing() {
        final int capacity = (int) settings.ringBytes();
        buffer = ByteBuffer.allocateDirect(capacity + Long.BYTES).alignedSlice(Long.BYTES).limit(capacity).slice()
            .order(ByteOrder.LITTLE_ENDIAN);
        crcView = buffer.duplicate();
        limit = capacity;
    }

    /**
     * Advances the head past the records the next one will overwrite. If that is every record (the new one, after a
     * wrap, is longer than the offset the wrap starts from, so it covers the wrap marker), the ring holds only the new
     * record: the head goes to where it starts, physical 0.
     */
    private void evict(final long minHead, final int skip) {
        final ByteBuffer b = buffer;
        final int capacity = limit;
        final long tail = tailPos;
        long h = headPos;
        int hp = headPhys;
        while (h < minHead && h < tail) {
            final long word0 = b.getLong(hp);
            final int step;
            if (word0 == 0) {
                step = capacity - hp;
            } else {
                step = JournalDescriptor.recordLength((int) (word0 >>> 32));
                overwritten++;
            }
            h += step;
            hp += step;
            if (hp == capacity) {
                hp = 0;
            }
        }
        if (h < minHead) {
            assert h == tail && skip > 0 : "ring eviction past the tail without a wrap";
            h = tail + skip;
            hp = 0;
        }
        headPos = h;
        headPhys = hp;
    }

    private void dumpRing(final Path dir) {
        createDirectories(dir);
        if (!SegmentFiles.list(dir).isEmpty()) {
            throw new UncheckedIOException("journal: cannot dump the ring of kernel " + kernel + " into " + dir
                + ": it already holds journal segments; dump into an empty folder",
                new FileAlreadyExistsException(dir.toString()));
        }
        final ByteBuffer b = buffer;
        final int capacity = limit;
        final ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C headerCrc = new CRC32C();
        long pos = headPos;
        int hp = headPhys;
        long segment = 0;
        FileChannel out = null;
        Path file = null;
        long written = 0;
        try {
            while (pos < tailPos) {
                final long word0 = b.getLong(hp);
                if (word0 == 0) {
                    pos += capacity - hp;
                    hp = 0;
                    continue;
                }
                final int recordLength = JournalDescriptor.recordLength((int) (word0 >>> 32));
                if (out == null || written + recordLength > segmentBytes) {
                    if (out != null) {
                        out.force(true);
                        out.close();
                    }
                    file = dir.resolve(JournalDescriptor.segmentFileName(b.getLong(hp + INDEX_OFFSET)));
                    out = createDumpSegment(file, header, headerCrc, segment++, b.getLong(hp + INDEX_OFFSET));
                    written = SEGMENT_HEADER_LENGTH;
                }
                final ByteBuffer record = b.duplicate();
                record.limit(hp + recordLength).position(hp);
                while (record.hasRemaining()) {
                    written += out.write(record, written);
                }
                pos += recordLength;
                hp += recordLength;
                if (hp == capacity) {
                    hp = 0;
                }
            }
            if (out == null) {
                file = dir.resolve(JournalDescriptor.segmentFileName(nextIndex));
                out = createDumpSegment(file, header, headerCrc, 0, nextIndex);
            }
            out.force(true);
            out.close();
            out = null;
            forceDirectory(dir);
        } catch (final IOException ex) {
            throw new UncheckedIOException("journal: cannot dump the ring of kernel " + kernel + " to " + file + ": "
                + ex, ex);
        } finally {
            if (out != null) {
                try {
                    out.close();
                } catch (final IOException ignored) {
                    // already failing: the first exception is the one to report
                }
            }
        }
    }

    private FileChannel createDumpSegment(final Path file, final ByteBuffer header, final CRC32C headerCrc,
                                          final long index, final long first) throws IOException {
        final FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        header.clear();
        header.put(new byte[SEGMENT_HEADER_LENGTH]).clear();
        JournalDescriptor.writeSegmentHeader(header, kernel, index, first, headerCrc);
        while (header.hasRemaining()) {
            out.write(header, header.position());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ files

    private void startFiles() {
        createDirectories(kernelDir);
        final List<Path> files = new ArrayList<>(SegmentFiles.list(kernelDir));
        final List<Corruption> found = new ArrayList<>();
        SegmentScanner scanner = null;
        while (!files.isEmpty()) {
            final Path last = files.getLast();
            scanner = new SegmentScanner(kernel, found::add);
            final int reported = found.size();
            scanner.scan(last, SegmentFiles.read(last), (data, offset, kind, length, index, component, seq) -> {
            });
            if (scanner.foreign()) {
                throw new IllegalStateException("journal: cannot append to " + last + ": "
                    + found.get(reported).what());
            }
            if (scanner.headerValid() || scanner.lastIndex() >= 0) {
                break;
            }
            found.add(new Corruption(last, 0, "segment has no valid header and no valid record (a segment creation "
                + "that did not complete): deleted"));
            delete(last);
            files.removeLast();
            scanner = null;
        }
        segments.addAll(files);
        if (scanner == null) {
            nextIndex = 0;
            createSegment(0, 0);
        } else {
            final Path last = files.getLast();
            final int end = scanner.validEnd();
            final boolean tailCut = found.stream().anyMatch(c -> c.file().equals(last) && c.offset() >= end);
            if (scanner.lastIndex() >= 0) {
                nextIndex = scanner.lastIndex() + 1;
            } else {
                nextIndex = scanner.firstRecordIndex();
            }
            if (tailCut) {
                found.add(new Corruption(last, end, Corruption.TORN_TAIL + " cut: the segment is truncated to " + end
                    + " bytes and appending continues at record " + nextIndex));
            }
            if (scanner.headerValid() && end + MIN_RECORD_LENGTH <= segmentBytes) {
                reopenSegment(last, end, scanner.segmentIndex());
            } else {
                trim(last, end);
                final long index = scanner.headerValid() ? scanner.segmentIndex() : segmentIndexOf(files);
                createSegment(index + 1, nextIndex);
            }
        }
        recovery = List.copyOf(found);
        if (!recovery.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "journal of kernel {0}: {1} problem(s) at restart, appending from "
                + "record {2}: {3}", kernel, recovery.size(), nextIndex, recovery);
        }
        applyRetention();
    }

    /** The segment index of the last file, whose header is damaged: the last valid header before it, plus the files between. */
    private long segmentIndexOf(final List<Path> files) {
        final CRC32C c = new CRC32C();
        for (int i = files.size() - 2; i >= 0; i--) {
            final ByteBuffer header = readHeader(files.get(i));
            if (header != null && header.getInt(JournalDescriptor.MAGIC_OFFSET) == JournalDescriptor.SEGMENT_MAGIC
                && header.getInt(JournalDescriptor.HEADER_CRC_OFFSET) == JournalDescriptor.headerCrc(header, c)) {
                return header.getLong(JournalDescriptor.SEGMENT_INDEX_OFFSET) + files.size() - 1 - i;
            }
        }
        return files.size() - 1;
    }

    private void createSegment(final long index, final long firstRecord) {
        final Path path = kernelDir.resolve(JournalDescriptor.segmentFileName(firstRecord));
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            segmentPath = path;
            preallocate(channel, 0, segmentBytes);
            startSegment(index, firstRecord);
        } catch (final IOException | UncheckedIOException ex) {
            throw new UncheckedIOException("journal: cannot create segment " + path + ": " + ex, asIo(ex));
        }
    }

    /**
     * Turns the oldest segment into the next one, instead of deleting it and creating a new file: its blocks are
     * already allocated, so the roll costs a write of zeros into the page cache, not a new allocation (measured: about
     * 4 ms instead of 10 to 140 ms for 64 MiB on ext4, the slow end when freed blocks are being reused). Order, for a
     * crash at any step: zero the whole file under its old name (from then on it holds no valid header or record: a
     * damaged oldest segment at worst, whose records retention was dropping anyway), force it (FSYNC), rename it, write
     * the new header.
     */
    private void recycleSegment(final long index, final long firstRecord) {
        final Path old = segments.removeFirst();
        final Path path = kernelDir.resolve(JournalDescriptor.segmentFileName(firstRecord));
        try {
            try (FileChannel ch = FileChannel.open(old, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                if (ch.size() > segmentBytes) {
                    ch.truncate(segmentBytes);
                }
                preallocate(ch, 0, segmentBytes);
                if (fsync) {
                    ch.force(false);
                }
            }
            Files.move(old, path, StandardCopyOption.ATOMIC_MOVE);
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            segmentPath = path;
            startSegment(index, firstRecord);
        } catch (final IOException | UncheckedIOException ex) {
            throw new UncheckedIOException("journal: cannot recycle segment " + old + " into " + path + ": " + ex,
                asIo(ex));
        }
    }

    /** Maps the zeroed segment file open in channel and writes its header. */
    private void startSegment(final long index, final long firstRecord) throws IOException {
        map();
        JournalDescriptor.writeSegmentHeader(mapped, kernel, index, firstRecord, crc);
        if (fsync) {
            mapped.force(0, SEGMENT_HEADER_LENGTH);
            channel.force(true);
            forceDirectory(kernelDir);
        }
        segmentIndex = index;
        position = SEGMENT_HEADER_LENGTH;
        forcedTo = SEGMENT_HEADER_LENGTH;
        segments.addLast(segmentPath);
    }

    private void reopenSegment(final Path path, final int end, final long index) {
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            segmentPath = path;
            channel.truncate(end);
            preallocate(channel, end, segmentBytes);
            map();
            if (fsync) {
                channel.force(true);
            }
        } catch (final IOException | UncheckedIOException ex) {
            throw new UncheckedIOException("journal: cannot reopen segment " + path + ": " + ex, asIo(ex));
        }
        segmentIndex = index;
        position = end;
        forcedTo = end;
    }

    private void map() throws IOException {
        mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, segmentBytes);
        mapped.order(ByteOrder.LITTLE_ENDIAN);
        buffer = mapped;
        crcView = mapped.duplicate();
        limit = segmentBytes;
    }

    private void roll() {
        try {
            finishSegment();
            final int retain = settings.retainSegments();
            if (retain > 0 && segments.size() >= retain) {
                recycleSegment(segmentIndex + 1, nextIndex);
            } else {
                createSegment(segmentIndex + 1, nextIndex);
            }
            applyRetention();
        } catch (final RuntimeException ex) {
            failure = "failed: " + ex.getMessage();
            buffer = null;
            throw ex;
        }
    }

    /** Forces (FSYNC), trims the current segment to its written length, closes it. */
    private void finishSegment() {
        final Path path = segmentPath;
        try (FileChannel ch = channel) {
            channel = null;
            if (fsync) {
                forceWritten();
            }
            ch.truncate(position);
            if (fsync) {
                ch.force(true);
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException("journal: cannot trim segment " + path + " to " + position + " bytes: "
                + ex, ex);
        } finally {
            mapped = null;
        }
    }

    private void forceWritten() {
        final int p = position;
        if (mapped == null || p <= forcedTo) {
            return;
        }
        try {
            mapped.force(forcedTo, p - forcedTo);
        } catch (final UncheckedIOException ex) {
            throw new UncheckedIOException("journal: cannot force segment " + segmentPath + ": " + ex, ex.getCause());
        }
        forcedTo = p;
    }

    private void applyRetention() {
        final int retain = settings.retainSegments();
        while (retain > 0 && segments.size() > retain) {
            delete(segments.removeFirst());
        }
    }

    private void trim(final Path path, final int end) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(end);
            if (fsync) {
                ch.force(true);
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException("journal: cannot trim segment " + path + " to " + end + " bytes: " + ex, ex);
        }
    }

    /** Closes what a failed open left open. */
    private void abandon() {
        failure = "closed";
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ignored) {
                // the open is failing already; its exception is the one to report
            }
            channel = null;
        }
    }

    // ------------------------------------------------------------------------------------------------ file helpers

    private static IOException asIo(final Exception ex) {
        return ex instanceof UncheckedIOException u ? u.getCause() : (IOException) ex;
    }

    private static void preallocate(final FileChannel ch, final long from, final long to) throws IOException {
        final ByteBuffer zeros = Zeros.BUFFER.duplicate();
        long pos = from;
        while (pos < to) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), to - pos));
            pos += ch.write(zeros, pos);
        }
    }

    private static void createDirectories(final Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (final IOException ex) {
            throw new UncheckedIOException("journal: cannot create the journal folder " + dir + ": " + ex, ex);
        }
    }

    private static void forceDirectory(final Path dir) throws IOException {
        if (WINDOWS) {
            return; // a folder cannot be opened for force() there
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void delete(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (final IOException ex) {
            throw new UncheckedIOException("journal: cannot delete segment " + file + ": " + ex, ex);
        }
    }

    private static ByteBuffer readHeader(final Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining() && ch.read(header) >= 0) {
                // fill
            }
            return header.hasRemaining() ? null : header.clear();
        } catch (final IOException ex) {
            return null;
        }
    }
}
