package dev.lepus.kernel.journal;

import static dev.lepus.kernel.journal.Journals.appendRandom;
import static dev.lepus.kernel.journal.Journals.assertRecords;
import static dev.lepus.kernel.journal.Journals.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.lepus.kernel.journal.Journals.Appended;
import dev.lepus.kernel.journal.Journals.Read;

/**
 * {@link JournalWriter}: every policy round-trips through {@link JournalReader}; restart continues after the last
 * valid record; rotation, retention, the ring's overwrite and dump; clear errors.
 *
 * <p>Thread contract: each test runs on one thread, which is the writer thread of every writer it opens.
 */
class JournalWriterTest {

    @TempDir
    Path dir;

    private JournalSettings small(final JournalPolicy policy) {
        return JournalSettings.file(dir.resolve("journal")).withPolicy(policy).withSegmentBytes(512)
            .withRingBytes(1 << 16);
    }

    /** Writes and reads back, across several segments; a ring is read from its dump. */
    @ParameterizedTest
    @EnumSource(value = JournalPolicy.class, names = {"FILE", "FSYNC", "RING"})
    void shouldRoundTripAcrossSegments(final JournalPolicy policy) {
        final JournalSettings settings = small(policy);
        final List<Appended> appended = new ArrayList<>();
        final Random random = new Random(1);
        final Path readFrom;
        try (JournalWriter writer = JournalWriter.open(settings, 2)) {
            for (int batch = 0; batch < 10; batch++) {
                appended.addAll(appendRandom(writer, random, 12, 100));
                writer.commitBatch();
            }
            assertEquals(120, writer.records());
            assertEquals(120, writer.nextIndex());
            assertTrue(writer.bytes() >= 120L * JournalDescriptor.MIN_RECORD_LENGTH);
            if (policy == JournalPolicy.RING) {
                readFrom = dir.resolve("dump");
                writer.dump(readFrom);
                assertEquals(0, writer.overwrittenRecords());
            } else {
                readFrom = settings.dir();
            }
        }
        final List<Path> files = Journals.segments(readFrom.resolve("kernel-2"));
        assertTrue(files.size() >= 5, "several segments: " + files);
        final Read read = read(readFrom);
        assertEquals(List.of(), read.corruptions());
        assertRecords(appended, read.records());
        assertTrue(read.records().stream().allMatch(r -> r.kernel() == 2));
    }

    @Test
    void closeShouldTrimTheLastSegmentToItsWrittenLength() throws IOException {
        final JournalSettings settings = small(JournalPolicy.FILE);
        final Path segment;
        final long bytes;
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            writer.append(1, 1, 1, new byte[5]);
            segment = writer.currentSegment().orElseThrow();
            assertEquals(512, Files.size(segment), "a segment is mapped at its full size while written");
            bytes = writer.bytes();
        }
        assertEquals(JournalDescriptor.SEGMENT_HEADER_LENGTH + bytes, Files.size(segment));
    }

    @Test
    void shouldContinueAfterTheLastRecordWhenReopenedAfterClose() {
        final JournalSettings settings = small(JournalPolicy.FILE);
        final Random random = new Random(2);
        final List<Appended> appended = new ArrayList<>();
        for (int run = 0; run < 4; run++) {
            try (JournalWriter writer = JournalWriter.open(settings, 0)) {
                assertEquals(List.of(), writer.recoveryReport());
                assertEquals(appended.size(), writer.nextIndex());
                appended.addAll(appendRandom(writer, random, 7, 60));
            }
        }
        final Read read = read(settings.dir());
        assertEquals(List.of(), read.corruptions());
        assertRecords(appended, read.records());
    }

    @Test
    void shouldContinueAfterTheLastRecordWhenReopenedAfterACrash() {
        final JournalSettings settings = small(JournalPolicy.FILE);
        final Random random = new Random(3);
        final JournalWriter crashed = JournalWriter.open(settings, 0);
        final List<Appended> appended = new ArrayList<>(appendRandom(crashed, random, 9, 60));
        // No close: the last segment keeps its zero tail, as after a crash of the process.
        final Read live = read(settings.dir());
        assertEquals(List.of(), live.corruptions(), "a zero tail is the end of the written data, not damage");
        assertRecords(appended, live.records());
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            assertEquals(List.of(), writer.recoveryReport());
            appended.addAll(appendRandom(writer, random, 9, 60));
        }
        final Read read = read(settings.dir());
        assertEquals(List.of(), read.corruptions());
        assertRecords(appended, read.records());
    }

    @Test
    void shouldReportAndCutAnUnpublishedAppendAtRestart() throws IOException {
        final JournalSettings settings = small(JournalPolicy.FILE);
        final Random random = new Random(4);
        final JournalWriter crashed = JournalWriter.open(settings, 0);
        final List<Appended> appended = new ArrayList<>(appendRandom(crashed, random, 3, 20));
        final Path segment = crashed.currentSegment().orElseThrow();
        final long end = JournalDescriptor.SEGMENT_HEADER_LENGTH + crashed.bytes();
        // A crash inside append: the body written, word 0 (the publication word) not yet.
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}), end + 8);
        }
        final Read before = read(settings.dir());
        assertRecords(appended, before.records());
        assertEquals(1, before.corruptions().size(), before.corruptions().toString());
        assertEquals(end, before.corruptions().getFirst().offset());
        assertTrue(before.corruptions().getFirst().what().contains("unpublished"));
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            assertEquals(2, writer.recoveryReport().size(), writer.recoveryReport().toString());
            assertTrue(writer.recoveryReport().get(1).what().startsWith("torn tail cut"));
            appended.addAll(appendRandom(writer, random, 3, 20));
        }
        final Read after = read(settings.dir());
        assertEquals(List.of(), after.corruptions());
        assertRecords(appended, after.records());
    }

    @Test
    void shouldDeleteASegmentWhoseCreationDidNotCompleteAtRestart() throws IOException {
        final JournalSettings settings = small(JournalPolicy.FILE);
        final Random random = new Random(5);
        final List<Appended> appended = new ArrayList<>();
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            appended.addAll(appendRandom(writer, random, 20, 60));
        }
        final Path kernelDir = settings.dir().resolve("kernel-0");
        final Path empty = kernelDir.resolve(JournalDescriptor.segmentFileName(appended.size()));
        Files.write(empty, new byte[0]);
        final Read before = read(settings.dir());
        assertRecords(appended, before.records());
        assertEquals(1, before.corruptions().size());
        assertEquals(empty, before.corruptions().getFirst().file());
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            assertEquals(2, writer.recoveryReport().size(), writer.recoveryReport().toString());
            assertTrue(writer.recoveryReport().get(1).what().endsWith("deleted"));
            appended.addAll(appendRandom(writer, random, 20, 60));
        }
        final Read after = read(settings.dir());
        assertEquals(List.of(), after.corruptions());
        assertRecords(appended, after.records());
    }

    @Test
    void shouldKeepALastSegmentWithADamagedHeaderAndStartANewOne() throws IOException {
        final JournalSettings settings = small(JournalPolicy.FILE);
        final Random random = new Random(6);
        final List<Appended> appended = new ArrayList<>();
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            appended.addAll(appendRandom(writer, random, 20, 60));
        }
        final List<Path> files = Journals.segments(settings.dir().resolve("kernel-0"));
        flipBit(files.getLast(), 20 * 8 + 3); // in the segment index
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            assertEquals(1, writer.recoveryReport().size(), writer.recoveryReport().toString());
            appended.addAll(appendRandom(writer, random, 20, 60));
        }
        final Read after = read(settings.dir());
        assertEquals(1, after.corruptions().size(), after.corruptions().toString());
        assertTrue(after.corruptions().getFirst().what().startsWith("segment header CRC32C mismatch"));
        assertRecords(appended, after.records());
    }

    @Test
    void retentionShouldDeleteTheOldestSegments() {
        final JournalSettings settings = small(JournalPolicy.FILE).withSegmentBytes(256).withRetainSegments(3);
        final List<Appended> appended;
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            appended = appendRandom(writer, new Random(7), 100, 40);
        }
        final List<Path> files = Journals.segments(settings.dir().resolve("kernel-0"));
        assertEquals(3, files.size(), files.toString());
        final Read read = read(settings.dir());
        assertEquals(List.of(), read.corruptions(), "retention leaves no gap to report");
        final int kept = read.records().size();
        assertTrue(kept > 0 && kept < 100);
        assertRecords(appended.subList(100 - kept, 100), read.records());
        assertEquals(read.records().getFirst().file(), files.getFirst());
    }

    @Test
    void retentionShouldRecycleTheOldestSegmentIntoTheNext() throws IOException {
        final JournalSettings settings = small(JournalPolicy.FILE).withSegmentBytes(256).withRetainSegments(2);
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            appendRandom(writer, new Random(13), 40, 40);
            final Path current = writer.currentSegment().orElseThrow();
            final Object inode = Files.readAttributes(current, java.nio.file.attribute.BasicFileAttributes.class)
                .fileKey();
            final Path oldest = Journals.segments(settings.dir().resolve("kernel-0")).getFirst();
            final Object oldestInode = Files.readAttributes(oldest,
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            while (writer.currentSegment().orElseThrow().equals(current)) {
                writer.append(1, 1, 1, new byte[40]);
            }
            if (oldestInode != null) {
                assertEquals(oldestInode, Files.readAttributes(writer.currentSegment().orElseThrow(),
                    java.nio.file.attribute.BasicFileAttributes.class).fileKey(), "the oldest file was reused");
                assertTrue(!oldestInode.equals(inode));
            }
            assertFalse(Files.exists(oldest));
        }
        assertEquals(List.of(), read(settings.dir()).corruptions());
    }

    /** Recycling zeroes the oldest segment before renaming it: a crash there leaves a damaged oldest segment only. */
    @Test
    void aCrashWhileRecyclingShouldCostOnlyTheOldestSegment() throws IOException {
        final JournalSettings settings = small(JournalPolicy.FILE).withSegmentBytes(256).withRetainSegments(3);
        final List<Appended> appended = new ArrayList<>();
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            appended.addAll(appendRandom(writer, new Random(14), 30, 40));
        }
        final List<Path> files = Journals.segments(settings.dir().resolve("kernel-0"));
        final List<JournalRecord> before = read(settings.dir()).records();
        Files.write(files.getFirst(), new byte[256]);
        final Read crashed = read(settings.dir());
        assertTrue(crashed.corruptions().stream().allMatch(c -> c.file().equals(files.getFirst())),
            crashed.corruptions().toString());
        final long lost = before.stream().filter(r -> r.file().equals(files.getFirst())).count();
        assertRecords(appended.subList((int) (30 - before.size() + lost), 30), crashed.records());
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            assertEquals(List.of(), writer.recoveryReport());
            appended.addAll(appendRandom(writer, new Random(15), 30, 40));
        }
        final Read after = read(settings.dir());
        assertEquals(List.of(), after.corruptions());
        assertRecords(appended.subList(60 - after.records().size(), 60), after.records());
    }

    @Test
    void retentionShouldApplyAtOpenToo() {
        final JournalSettings settings = small(JournalPolicy.FILE).withSegmentBytes(256);
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            appendRandom(writer, new Random(8), 100, 40);
        }
        assertTrue(Journals.segments(settings.dir().resolve("kernel-0")).size() > 2);
        try (JournalWriter writer = JournalWriter.open(settings.withRetainSegments(2), 0)) {
            assertEquals(2, Journals.segments(settings.dir().resolve("kernel-0")).size());
            assertEquals(100, writer.nextIndex());
        }
    }

    @Test
    void ringShouldOverwriteTheOldestAndDumpTheRest() {
        final JournalSettings settings = JournalSettings.ring().withRingBytes(1024).withSegmentBytes(256);
        final List<Appended> appended;
        final long overwritten;
        try (JournalWriter writer = JournalWriter.open(settings, 1)) {
            appended = appendRandom(writer, new Random(9), 500, 60);
            overwritten = writer.overwrittenRecords();
            writer.dump(dir.resolve("dump"));
            assertEquals(500, writer.records());
        }
        final Read read = read(dir.resolve("dump"));
        assertEquals(List.of(), read.corruptions());
        final int kept = read.records().size();
        assertEquals(500 - overwritten, kept);
        assertRecords(appended.subList(500 - kept, 500), read.records());
        final long keptBytes = appended.subList(500 - kept, 500).stream()
            .mapToLong(a -> JournalDescriptor.recordLength(a.payload().length)).sum();
        final long maxRecord = JournalDescriptor.recordLength(60);
        assertTrue(keptBytes <= 1024 && keptBytes > 1024 - 2 * maxRecord, "ring holds about its size: " + keptBytes);
        assertTrue(Journals.segments(dir.resolve("dump/kernel-1")).size() >= 4);
    }

    @Test
    void ringDumpShouldWorkRepeatedlyWhileAppending() {
        final JournalSettings settings = JournalSettings.ring().withRingBytes(2048).withSegmentBytes(512);
        final Random random = new Random(10);
        final List<Appended> appended = new ArrayList<>();
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            for (int i = 0; i < 5; i++) {
                appended.addAll(appendRandom(writer, random, 37, 100));
                final Path to = dir.resolve("dump" + i);
                writer.dump(to);
                final Read read = read(to);
                assertEquals(List.of(), read.corruptions());
                final int kept = read.records().size();
                assertRecords(appended.subList(appended.size() - kept, appended.size()), read.records());
                assertEquals(appended.size() - writer.overwrittenRecords(), kept);
            }
        }
    }

    @Test
    void emptyRingDumpShouldWriteAnEmptySegmentStartingAtTheNextIndex() {
        try (JournalWriter writer = JournalWriter.open(JournalSettings.ring().withRingBytes(1024), 0)) {
            writer.dump(dir);
        }
        final List<Path> files = Journals.segments(dir.resolve("kernel-0"));
        assertEquals(List.of(dir.resolve("kernel-0/00000000000000000000.seg")), files);
        final Read read = read(dir);
        assertEquals(List.of(), read.corruptions());
        assertEquals(List.of(), read.records());
    }

    @Test
    void ringDumpShouldRefuseAFolderThatHoldsSegments() {
        try (JournalWriter writer = JournalWriter.open(JournalSettings.ring().withRingBytes(1024), 0)) {
            writer.append(1, 1, 1, new byte[3]);
            writer.dump(dir);
            final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> writer.dump(dir));
            assertTrue(ex.getMessage().contains(dir.resolve("kernel-0").toString()), ex.getMessage());
        }
    }

    @Test
    void fsyncShouldCommitBatchesAndReadBack() {
        final JournalSettings settings = small(JournalPolicy.FSYNC);
        final Random random = new Random(11);
        final List<Appended> appended = new ArrayList<>();
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            for (int i = 0; i < 20; i++) {
                appended.addAll(appendRandom(writer, random, 3, 50));
                writer.commitBatch();
            }
            writer.commitBatch(); // nothing new: no-op
            writer.dump(dir.resolve("unused")); // FILE/FSYNC: a flush
        }
        assertFalse(Files.exists(dir.resolve("unused")));
        final Read read = read(settings.dir());
        assertEquals(List.of(), read.corruptions());
        assertRecords(appended, read.records());
    }

    @Test
    void offShouldKeepNothingAndTouchNoFolder() {
        final JournalSettings settings = JournalSettings.off().withDir(dir.resolve("none"));
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            writer.append(1, 2, 3, new byte[10]);
            writer.commitBatch();
            writer.dump(dir.resolve("none"));
            assertEquals(0, writer.records());
            assertEquals(0, writer.bytes());
        }
        assertFalse(Files.exists(dir.resolve("none")));
    }

    @Test
    void shouldRefuseARecordLargerThanASegmentNamingTheSizes() {
        final JournalSettings settings = small(JournalPolicy.FILE).withSegmentBytes(256);
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            writer.append(1, 1, 1, new byte[256 - 64 - 36]);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> writer.append(1, 2, 1, new byte[256 - 64 - 35]));
            assertTrue(ex.getMessage().contains("157-byte payload") && ex.getMessage().contains("256 bytes")
                && ex.getMessage().contains("largest payload is 156"), ex.getMessage());
            assertEquals(1, writer.records());
        }
        try (JournalWriter writer = JournalWriter.open(JournalSettings.ring().withRingBytes(128), 0)) {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> writer.append(1, 2, 1, new byte[100]));
            assertTrue(ex.getMessage().contains("ring of 128 bytes"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseAKindOutOfRangeAndBadBounds() {
        try (JournalWriter writer = JournalWriter.open(small(JournalPolicy.FILE), 0)) {
            assertThrows(IllegalArgumentException.class, () -> writer.append(1, 1, 256, new byte[1]));
            assertThrows(IllegalArgumentException.class, () -> writer.append(1, 1, -1, new byte[1]));
            assertThrows(IndexOutOfBoundsException.class, () -> writer.append(1, 1, 0, new byte[4], 2, 3));
            assertEquals(0, writer.records());
        }
    }

    @Test
    void shouldRefuseAppendsAfterClose() {
        final JournalWriter writer = JournalWriter.open(small(JournalPolicy.FILE), 0);
        writer.close();
        writer.close();
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> writer.append(1, 1, 1, new byte[1]));
        assertTrue(ex.getMessage().contains("closed"), ex.getMessage());
    }

    @Test
    void shouldNameThePathWhenTheFolderIsAFile() throws IOException {
        final Path file = Files.writeString(dir.resolve("plain-file"), "x");
        final UncheckedIOException ex = assertThrows(UncheckedIOException.class,
            () -> JournalWriter.open(JournalSettings.file(file), 0));
        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
    }

    @Test
    void shouldRefuseToAppendToAnotherKernelsSegment() throws IOException {
        final JournalSettings settings = small(JournalPolicy.FILE);
        try (JournalWriter writer = JournalWriter.open(settings, 1)) {
            writer.append(1, 1, 1, new byte[1]);
        }
        Files.move(settings.dir().resolve("kernel-1"), settings.dir().resolve("kernel-0"));
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> JournalWriter.open(settings, 0));
        assertTrue(ex.getMessage().contains("belongs to kernel 1"), ex.getMessage());
    }

    @Test
    void sameAppendsShouldGiveTheSameBytes() throws IOException {
        for (final String name : List.of("a", "b")) {
            try (JournalWriter writer = JournalWriter.open(small(JournalPolicy.FILE).withDir(dir.resolve(name)), 0)) {
                appendRandom(writer, new Random(12), 50, 80);
            }
        }
        final List<Path> a = Journals.segments(dir.resolve("a/kernel-0"));
        final List<Path> b = Journals.segments(dir.resolve("b/kernel-0"));
        assertEquals(a.stream().map(Path::getFileName).toList(), b.stream().map(Path::getFileName).toList());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
        }
    }

    @Test
    void shouldWriteTheRecordAtTheDrawnOffsets() throws IOException {
        final JournalSettings settings = small(JournalPolicy.FILE);
        final Path segment;
        try (JournalWriter writer = JournalWriter.open(settings, 5)) {
            writer.append(0x1122334455667788L, 42, 7, new byte[] {9, 8, 7}, 0, 3);
            segment = writer.currentSegment().orElseThrow();
        }
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(64 + 40, b.limit());
        assertEquals(5, b.getInt(8));
        assertEquals(0x4A52, b.getShort(64));
        assertEquals(7, b.get(66));
        assertEquals(3, b.getInt(68));
        assertEquals(0, b.getLong(72));
        assertEquals(0x1122334455667788L, b.getLong(80));
        assertEquals(42, b.getLong(88));
        assertEquals(9, b.get(100));
        assertEquals(0, b.get(103));
    }

    static void flipBit(final Path file, final long bit) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            final ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, bit / 8);
            one.put(0, (byte) (one.get(0) ^ (1 << (bit % 8))));
            one.clear();
            ch.write(one, bit / 8);
        }
    }
}
