package dev.lepus.kernel.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Test helpers: append seeded random records, remember them, compare what a reader returns, copy journal folders.
 *
 * <p>Thread contract: static helpers, no shared state; each test uses them on its own thread.
 */
final class Journals {

    /**
     * What a test appended.
     *
     * @param index the record index it got
     * @param componentId the component
     * @param seq the sequence number
     * @param kind the kind
     * @param payload the payload
     */
    record Appended(long index, long componentId, long seq, int kind, byte[] payload) {
    }

    private Journals() {
    }

    /**
     * Appends {@code n} records with seeded random components (0..3), kinds and payloads of 0..maxPayload bytes.
     *
     * @param writer the writer
     * @param random the seeded source
     * @param n how many
     * @param maxPayload the largest payload
     * @return what was appended, in order
     */
    static List<Appended> appendRandom(final JournalWriter writer, final Random random, final int n,
                                       final int maxPayload) {
        final List<Appended> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final long component = random.nextInt(4);
            final byte[] payload = new byte[random.nextInt(maxPayload + 1)];
            random.nextBytes(payload);
            final int kind = random.nextInt(256);
            final long index = writer.nextIndex();
            final long seq = 1000 + index;
            writer.append(component, seq, kind, payload);
            out.add(new Appended(index, component, seq, kind, payload));
        }
        return out;
    }

    /**
     * Asserts that the records are exactly the expected ones, in order.
     *
     * @param expected what was appended
     * @param actual what was read
     */
    static void assertRecords(final List<Appended> expected, final List<JournalRecord> actual) {
        assertEquals(expected.size(), actual.size(), () -> "record count; got indices " + indices(actual));
        for (int i = 0; i < expected.size(); i++) {
            final Appended e = expected.get(i);
            final JournalRecord a = actual.get(i);
            assertEquals(e.index(), a.index(), "index of record " + i);
            assertEquals(e.componentId(), a.componentId(), "component of record " + i);
            assertEquals(e.seq(), a.seq(), "seq of record " + i);
            assertEquals(e.kind(), a.kind(), "kind of record " + i);
            assertArrayEquals(e.payload(), a.payload(), "payload of record " + i);
        }
    }

    static List<Long> indices(final List<JournalRecord> records) {
        return records.stream().map(JournalRecord::index).toList();
    }

    /**
     * Reads a whole journal.
     *
     * @param dir the journal folder
     * @return the reader (closed) and its records
     */
    static Read read(final Path dir) {
        try (JournalReader reader = JournalReader.open(dir)) {
            final List<JournalRecord> records = reader.readAll();
            return new Read(records, reader.corruptions());
        }
    }

    /**
     * What a read found.
     *
     * @param records the records
     * @param corruptions the problems
     */
    record Read(List<JournalRecord> records, List<Corruption> corruptions) {
    }

    static List<Path> segments(final Path kernelDir) {
        return SegmentFiles.list(kernelDir);
    }

    static void copyTree(final Path from, final Path to) {
        try (var stream = Files.walk(from)) {
            for (final Path p : stream.sorted().toList()) {
                final Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static void deleteTree(final Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var stream = Files.walk(dir)) {
            for (final Path p : stream.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
