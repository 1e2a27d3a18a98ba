package dev.lepus.kernel.journal;

import static dev.lepus.kernel.journal.Journals.appendRandom;
import static dev.lepus.kernel.journal.Journals.assertRecords;
import static dev.lepus.kernel.journal.Journals.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lepus.kernel.journal.Journals.Appended;
import dev.lepus.kernel.journal.Journals.Read;

/**
 * {@link JournalReader}: order across segments and kernels, and the recovery rules: a torn tail, a flipped bit anywhere,
 * a missing segment, a foreign segment are each reported once with file and offset, and every valid record is still
 * returned.
 *
 * <p>Thread contract: each test runs on one thread.
 */
class JournalReaderTest {

    @TempDir
    Path dir;

    private JournalSettings settings(final String name) {
        return JournalSettings.file(dir.resolve(name)).withSegmentBytes(512);
    }

    private List<Appended> write(final JournalSettings settings, final long seed, final int n, final int maxPayload) {
        try (JournalWriter writer = JournalWriter.open(settings, 0)) {
            return appendRandom(writer, new Random(seed), n, maxPayload);
        }
    }

    /**
     * Truncates the last segment at every offset inside its last record: the reader reports a torn tail at the
     * record's offset and returns every earlier record; a writer reopening cuts the tail and continues from that index.
     */
    @Test
    void tornTailAtEveryOffsetShouldBeReportedCutAndContinued() throws IOException {
        final JournalSettings original = settings("original");
        final List<Appended> appended = write(original, 21, 30, 90);
        final Read clean = read(original.dir());
        final JournalRecord last = clean.records().getLast();
        final int lastLength = JournalDescriptor.recordLength(last.payload().length);
        final Path relative = original.dir().relativize(last.file());
        for (int cut = 0; cut < lastLength; cut++) {
            final Path copy = dir.resolve("cut-" + cut);
            Journals.copyTree(original.dir(), copy);
            final Path segment = copy.resolve(relative.toString());
            try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                ch.truncate(last.offset() + cut);
            }
            final Read torn = read(copy);
            assertRecords(appended.subList(0, 29), torn.records());
            if (cut == 0) {
                assertEquals(List.of(), torn.corruptions(), "a cut at a record boundary is a clean end");
            } else {
                assertEquals(1, torn.corruptions().size(), "cut " + cut + ": " + torn.corruptions());
                final Corruption c = torn.corruptions().getFirst();
                assertEquals(segment, c.file());
                assertEquals(last.offset(), c.offset());
                assertTrue(c.what().startsWith("torn tail: "), c.what());
                if (cut >= 8) {
                    assertTrue(c.what().contains("record header says " + lastLength + " bytes, " + cut + " remain"),
                        c.what());
                }
            }
            final List<Appended> expected = new ArrayList<>(appended.subList(0, 29));
            try (JournalWriter writer = JournalWriter.open(original.withDir(copy), 0)) {
                assertEquals(cut == 0 ? 0 : 2, writer.recoveryReport().size(), writer.recoveryReport().toString());
                assertEquals(29, writer.nextIndex());
                expected.addAll(appendRandom(writer, new Random(cut), 3, 90));
            }
            final Read after = read(copy);
            assertEquals(List.of(), after.corruptions(), "cut " + cut);
            assertRecords(expected, after.records());
            Journals.deleteTree(copy);
        }
    }

    /**
     * Flips one bit at a time at seeded random offsets of a multi-segment journal: each flip is reported once, with the
     * file and the offset of the damaged record (0 for a segment header); that record alone is skipped.
     */
    @Test
    void aFlippedBitShouldCostOnlyTheRecordItIsIn() throws IOException {
        final JournalSettings settings = settings("flips");
        final List<Appended> appended = write(settings, 31, 60, 120);
        final List<JournalRecord> records = read(settings.dir()).records();
        final List<Path> files = Journals.segments(settings.dir().resolve("kernel-0"));
        assertTrue(files.size() >= 8, "several segments: " + files.size());
        final long[] sizes = new long[files.size()];
        long total = 0;
        for (int i = 0; i < files.size(); i++) {
            sizes[i] = Files.size(files.get(i));
            total += sizes[i];
        }
        final Random random = new Random(32);
        for (int trial = 0; trial < 600; trial++) {
            long at = (long) (random.nextDouble() * total);
            int f = 0;
            while (at >= sizes[f]) {
                at -= sizes[f++];
            }
            final Path file = files.get(f);
            final long bit = at * 8 + random.nextInt(8);
            JournalWriterTest.flipBit(file, bit);
            final Read read = read(settings.dir());
            JournalWriterTest.flipBit(file, bit);
            final long offset = at;
            final JournalRecord hit = records.stream()
                .filter(r -> r.file().equals(file) && offset >= r.offset()
                    && offset < r.offset() + JournalDescriptor.recordLength(r.payload().length))
                .findFirst().orElse(null);
            final String where = "trial " + trial + ": bit " + bit + " of " + file.getFileName() + ": "
                + read.corruptions();
            assertEquals(1, read.corruptions().size(), where);
            final Corruption c = read.corruptions().getFirst();
            assertEquals(file, c.file(), where);
            if (hit == null) {
                assertTrue(offset < JournalDescriptor.SEGMENT_HEADER_LENGTH, where);
                assertEquals(0, c.offset(), where);
                assertRecords(appended, read.records());
            } else {
                assertEquals(hit.offset(), c.offset(), where);
                final List<Appended> expected = new ArrayList<>(appended);
                expected.remove((int) hit.index());
                assertRecords(expected, read.records());
            }
        }
    }

    @Test
    void aMissingMiddleSegmentShouldBeReportedAndLaterSegmentsRead() throws IOException {
        final JournalSettings settings = settings("missing");
        final List<Appended> appended = write(settings, 41, 60, 100);
        final List<JournalRecord> records = read(settings.dir()).records();
        final List<Path> files = Journals.segments(settings.dir().resolve("kernel-0"));
        assertTrue(files.size() >= 5);
        final Path gone = files.get(2);
        Files.delete(gone);
        final Read read = read(settings.dir());
        assertEquals(1, read.corruptions().size(), read.corruptions().toString());
        final Corruption c = read.corruptions().getFirst();
        assertEquals(files.get(3), c.file());
        assertEquals(0, c.offset());
        assertTrue(c.what().startsWith("missing segment: expected segment 2 starting at record "), c.what());
        final List<Appended> expected = new ArrayList<>();
        for (int i = 0; i < appended.size(); i++) {
            if (!records.get(i).file().equals(gone)) {
                expected.add(appended.get(i));
            }
        }
        assertTrue(expected.size() < appended.size());
        assertRecords(expected, read.records());
    }

    @Test
    void aMissingLastRecordsOfAMiddleSegmentShouldBeReportedOnce() throws IOException {
        final JournalSettings settings = settings("gap");
        final List<Appended> appended = write(settings, 42, 40, 100);
        final List<JournalRecord> records = read(settings.dir()).records();
        final List<Path> files = Journals.segments(settings.dir().resolve("kernel-0"));
        final JournalRecord lastOfFirst = records.stream().filter(r -> r.file().equals(files.getFirst()))
            .reduce((a, b) -> b).orElseThrow();
        try (FileChannel ch = FileChannel.open(files.getFirst(), StandardOpenOption.WRITE)) {
            ch.truncate(lastOfFirst.offset()); // a clean cut: nothing in this segment says a record is missing
        }
        final Read read = read(settings.dir());
        assertEquals(1, read.corruptions().size(), read.corruptions().toString());
        assertEquals(files.get(1), read.corruptions().getFirst().file());
        assertTrue(read.corruptions().getFirst().what().contains("record " + lastOfFirst.index() + " lost"),
            read.corruptions().toString());
        final List<Appended> expected = new ArrayList<>(appended);
        expected.remove((int) lastOfFirst.index());
        assertRecords(expected, read.records());
    }

    @Test
    void shouldReadEveryKernelInOrderAndOneComponent() {
        final JournalSettings settings = settings("multi");
        final List<List<Appended>> byKernel = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            try (JournalWriter writer = JournalWriter.open(settings, k)) {
                byKernel.add(appendRandom(writer, new Random(50 + k), 25, 70));
            }
        }
        try (JournalReader reader = JournalReader.open(settings.dir())) {
            assertEquals(List.of(0, 1, 2), reader.kernels());
            final List<JournalRecord> all = reader.readAll();
            assertEquals(75, all.size());
            for (int k = 0; k < 3; k++) {
                final int kernel = k;
                final List<JournalRecord> own = new ArrayList<>();
                reader.kernelRecords(k).forEach(own::add);
                assertRecords(byKernel.get(k), own);
                assertEquals(own, all.stream().filter(r -> r.kernel() == kernel).toList());
            }
            final List<JournalRecord> component = new ArrayList<>();
            reader.componentRecords(2).forEach(component::add);
            assertEquals(all.stream().filter(r -> r.componentId() == 2).toList(), component);
            assertTrue(!component.isEmpty());
            assertEquals(List.of(), reader.corruptions());
            final List<JournalRecord> none = new ArrayList<>();
            reader.kernelRecords(7).forEach(none::add);
            assertEquals(List.of(), none);
        }
        try (JournalReader one = JournalReader.open(settings.dir().resolve("kernel-1"))) {
            assertEquals(List.of(1), one.kernels());
            assertRecords(byKernel.get(1), one.readAll());
        }
    }

    @Test
    void aSegmentOfAnotherKernelShouldBeReportedAndSkipped() throws IOException {
        final JournalSettings settings = settings("foreign");
        final List<Appended> zero = write(settings, 61, 10, 40);
        try (JournalWriter writer = JournalWriter.open(settings, 1)) {
            writer.append(9, 9, 9, new byte[9]);
        }
        final Path stray = settings.dir().resolve("kernel-0/" + JournalDescriptor.segmentFileName(999));
        Files.copy(settings.dir().resolve("kernel-1/" + JournalDescriptor.segmentFileName(0)), stray);
        try (JournalReader reader = JournalReader.open(settings.dir())) {
            final List<JournalRecord> own = new ArrayList<>();
            reader.kernelRecords(0).forEach(own::add);
            assertRecords(zero, own);
            assertEquals(1, reader.corruptions().size(), reader.corruptions().toString());
            assertEquals(stray, reader.corruptions().getFirst().file());
            assertTrue(reader.corruptions().getFirst().what().contains("belongs to kernel 1"));
        }
    }

    @Test
    void readingTwiceShouldNotRepeatReports() throws IOException {
        final JournalSettings settings = settings("twice");
        write(settings, 71, 30, 100);
        Files.delete(Journals.segments(settings.dir().resolve("kernel-0")).get(1));
        try (JournalReader reader = JournalReader.open(settings.dir())) {
            reader.readAll();
            reader.readAll();
            assertEquals(1, reader.corruptions().size());
        }
    }

    @Test
    void shouldNameThePathOfAMissingFolder() {
        final Path missing = dir.resolve("nope");
        final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> JournalReader.open(missing));
        assertTrue(ex.getMessage().contains(missing.toString()), ex.getMessage());
    }

    @Test
    void garbageShouldBeReportedNeverThrown() throws IOException {
        final Path kernelDir = Files.createDirectories(dir.resolve("garbage/kernel-0"));
        final byte[] junk = new byte[3000];
        new Random(81).nextBytes(junk);
        Files.write(kernelDir.resolve(JournalDescriptor.segmentFileName(0)), junk);
        Files.write(kernelDir.resolve(JournalDescriptor.segmentFileName(5)), new byte[10]);
        final Read read = read(dir.resolve("garbage"));
        assertEquals(List.of(), read.records());
        assertTrue(read.corruptions().size() >= 2, read.corruptions().toString());
    }
}
