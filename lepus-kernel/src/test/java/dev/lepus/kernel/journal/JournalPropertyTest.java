package dev.lepus.kernel.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import dev.lepus.kernel.journal.Journals.Appended;
import dev.lepus.kernel.journal.Journals.Read;

/**
 * Properties of the journal, over generated journals and damage: whatever the sizes and the cut, reading returns
 * exactly a prefix of what was appended, and a writer reopening continues it with no record lost that was read.
 *
 * <p>Thread contract: each try runs on one thread.
 */
class JournalPropertyTest {

    /** Whatever the ring's size and the record sizes, a dump holds exactly the newest records that fit. */
    @Property(tries = 200)
    void ringDumpIsTheNewestSuffix(
            @ForAll @LongRange(min = 0, max = 1_000_000) final long seed,
            @ForAll @IntRange(min = 16, max = 256) final int ringUnits,
            @ForAll @IntRange(min = 1, max = 300) final int count) throws IOException {
        final long ringBytes = ringUnits * 8L;
        final JournalSettings settings = JournalSettings.ring().withRingBytes(ringBytes).withSegmentBytes(4096);
        final Path dir = Files.createTempDirectory("journal-ring-prop");
        try {
            final List<Appended> appended;
            final long overwritten;
            try (JournalWriter writer = JournalWriter.open(settings, 0)) {
                appended = Journals.appendRandom(writer, new Random(seed), count, settings.maxPayloadBytes());
                overwritten = writer.overwrittenRecords();
                writer.dump(dir);
            }
            final Read read = Journals.read(dir);
            assertEquals(List.of(), read.corruptions());
            final int kept = read.records().size();
            assertEquals(count - overwritten, kept);
            assertTrue(kept >= 1, "the newest record is always kept");
            Journals.assertRecords(appended.subList(count - kept, count), read.records());
            final long keptBytes = appended.subList(count - kept, count).stream()
                .mapToLong(a -> JournalDescriptor.recordLength(a.payload().length)).sum();
            assertTrue(keptBytes <= ringBytes, "kept " + keptBytes + " bytes in a ring of " + ringBytes);
        } finally {
            Journals.deleteTree(dir);
        }
    }

    @Property(tries = 60)
    void anyCutLeavesAReadablePrefixThatAWriterContinues(
            @ForAll @LongRange(min = 0, max = 1_000_000) final long seed,
            @ForAll @IntRange(min = 1, max = 80) final int count,
            @ForAll @IntRange(min = 0, max = 150) final int maxPayload,
            @ForAll @IntRange(min = 16, max = 64) final int segmentUnits,
            @ForAll @IntRange(min = 0, max = 100_000) final int cutAt) throws IOException {
        final Path dir = Files.createTempDirectory("journal-prop");
        try {
            final JournalSettings settings = JournalSettings.file(dir).withSegmentBytes(segmentUnits * 16L);
            final List<Appended> appended;
            try (JournalWriter writer = JournalWriter.open(settings, 0)) {
                appended = Journals.appendRandom(writer, new Random(seed), count, maxPayload);
            }
            final List<Path> files = Journals.segments(dir.resolve("kernel-0"));
            final Path last = files.getLast();
            final long size = Files.size(last);
            final long cut = cutAt % (size + 1);
            try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            final Read read = Journals.read(dir);
            final int kept = read.records().size();
            assertTrue(kept <= count);
            Journals.assertRecords(appended.subList(0, kept), read.records());
            final List<Appended> expected = new ArrayList<>(appended.subList(0, kept));
            try (JournalWriter writer = JournalWriter.open(settings, 0)) {
                assertEquals(kept, writer.nextIndex());
                expected.addAll(Journals.appendRandom(writer, new Random(seed + 1), 5, maxPayload));
            }
            final Read after = Journals.read(dir);
            assertEquals(List.of(), after.corruptions());
            Journals.assertRecords(expected, after.records());
        } finally {
            Journals.deleteTree(dir);
        }
    }
}
