package dev.lepus.kernel.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * {@link JournalSettings}: defaults, withers, and a clear error for every bad value.
 *
 * <p>Thread contract: each test runs on one thread.
 */
class JournalSettingsTest {

    @Test
    void shouldHaveDocumentedDefaults() {
        final JournalSettings s = JournalSettings.off();
        assertEquals(JournalPolicy.OFF, s.policy());
        assertEquals(64L << 20, s.segmentBytes());
        assertEquals(16L << 20, s.ringBytes());
        assertEquals(0, s.retainSegments());
        assertEquals(JournalPolicy.FILE, JournalSettings.file(Path.of("j")).policy());
        assertEquals(JournalPolicy.FSYNC, JournalSettings.fsync(Path.of("j")).policy());
        assertEquals(JournalPolicy.RING, JournalSettings.ring().policy());
    }

    @Test
    void withersShouldChangeOneKnobEach() {
        final JournalSettings s = JournalSettings.file(Path.of("a")).withSegmentBytes(4096).withRetainSegments(3)
            .withRingBytes(1024).withDir(Path.of("b")).withPolicy(JournalPolicy.FSYNC);
        assertEquals(new JournalSettings(JournalPolicy.FSYNC, Path.of("b"), 4096, 3, 1024), s);
    }

    @Test
    void shouldRejectBadSegmentBytesNamingTheRange() {
        for (final long bad : new long[] {-8, 0, 120, 129, 4100, (1L << 30) + 8}) {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> JournalSettings.off().withSegmentBytes(bad));
            assertTrue(ex.getMessage().contains("segmentBytes") && ex.getMessage().contains(Long.toString(bad))
                && ex.getMessage().contains("128..1073741824"), ex.getMessage());
        }
    }

    @Test
    void shouldRejectBadRingBytesNamingTheRange() {
        for (final long bad : new long[] {-1, 0, 64, 1001, 1L << 31}) {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> JournalSettings.ring().withRingBytes(bad));
            assertTrue(ex.getMessage().contains("ringBytes") && ex.getMessage().contains(Long.toString(bad)),
                ex.getMessage());
        }
    }

    @Test
    void shouldRejectNegativeRetention() {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> JournalSettings.off().withRetainSegments(-1));
        assertTrue(ex.getMessage().contains("retainSegments") && ex.getMessage().contains("-1"), ex.getMessage());
    }

    @Test
    void shouldRejectNulls() {
        assertThrows(NullPointerException.class, () -> JournalSettings.off().withDir(null));
        assertThrows(NullPointerException.class, () -> JournalSettings.off().withPolicy(null));
    }

    @Test
    void maxPayloadShouldFillAnEmptySegmentOrTheRing() {
        assertEquals(256 - 64 - 36, JournalSettings.file(Path.of("j")).withSegmentBytes(256).maxPayloadBytes());
        assertEquals(256 - 36, JournalSettings.ring().withRingBytes(256).withSegmentBytes(4096).maxPayloadBytes());
        assertEquals(256 - 64 - 36, JournalSettings.ring().withRingBytes(1024).withSegmentBytes(256)
            .maxPayloadBytes());
    }
}
