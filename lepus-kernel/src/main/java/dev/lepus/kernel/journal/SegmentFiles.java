package dev.lepus.kernel.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finding and reading segment files: the file-system side shared by {@link JournalWriter}'s restart and
 * {@link JournalReader}.
 *
 * <p>Thread contract: static methods with no shared state; threadsafe.
 */
final class SegmentFiles {

    private SegmentFiles() {
    }

    /**
     * @param dir a kernel folder
     * @return its segment files, in order (by name)
     */
    static List<Path> list(final Path dir) {
        try (var stream = Files.list(dir)) {
            return stream.filter(p -> JournalDescriptor.isSegmentFileName(p.getFileName().toString())
                    && Files.isRegularFile(p))
                .sorted()
                .toList();
        } catch (final IOException ex) {
            throw new UncheckedIOException("journal: cannot list the journal folder " + dir + ": " + ex, ex);
        }
    }

    /**
     * @param file a segment file
     * @return its bytes, little-endian
     */
    static ByteBuffer read(final Path file) {
        try {
            final long size = Files.size(file);
            if (size > JournalSettings.MAX_SEGMENT_BYTES) {
                throw new IOException("segment file of " + size + " bytes is larger than the largest segment, "
                    + JournalSettings.MAX_SEGMENT_BYTES);
            }
            return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (final IOException ex) {
            throw new UncheckedIOException("journal: cannot read segment " + file + ": " + ex, ex);
        }
    }
}
