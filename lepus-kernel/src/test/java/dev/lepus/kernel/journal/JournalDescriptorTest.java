package dev.lepus.kernel.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

/**
 * {@link JournalDescriptor}: the drawn layout is the one the code writes.
 *
 * <p>Thread contract: each test runs on one thread.
 */
class JournalDescriptorTest {

    @Test
    void shouldPadRecordsToEightBytes() {
        assertEquals(40, JournalDescriptor.recordLength(0));
        assertEquals(40, JournalDescriptor.recordLength(4));
        assertEquals(48, JournalDescriptor.recordLength(5));
        assertEquals(72, JournalDescriptor.recordLength(32));
    }

    @Test
    void shouldWriteTheSegmentHeaderAsDrawn() {
        final ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        JournalDescriptor.writeSegmentHeader(b, 3, 7, 1234, new CRC32C());
        assertEquals("LEPJ", new String(b.array(), 0, 4, StandardCharsets.US_ASCII));
        assertEquals(1, b.getShort(4));
        assertEquals(64, b.getShort(6));
        assertEquals(3, b.getInt(8));
        assertEquals(7, b.getLong(16));
        assertEquals(1234, b.getLong(24));
        final CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 60);
        assertEquals((int) crc.getValue(), b.getInt(60));
    }

    @Test
    void wordZeroShouldStartWithTheSyncBytesAndNeverBeZero() {
        final ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, JournalDescriptor.word0(0xAB, 0x01020304));
        assertEquals((byte) 0x52, b.get(0));
        assertEquals((byte) 0x4A, b.get(1));
        assertEquals((byte) 0xAB, b.get(2));
        assertEquals(0, b.get(3));
        assertEquals(0x01020304, b.getInt(4));
        assertTrue(JournalDescriptor.word0(0, 0) != 0);
    }

    @Test
    void segmentNamesShouldSortByFirstRecord() {
        assertEquals("00000000000000000000.seg", JournalDescriptor.segmentFileName(0));
        assertTrue(JournalDescriptor.segmentFileName(99).compareTo(JournalDescriptor.segmentFileName(100)) < 0);
        assertTrue(JournalDescriptor.isSegmentFileName(JournalDescriptor.segmentFileName(Long.MAX_VALUE)));
        assertFalse(JournalDescriptor.isSegmentFileName("0000000000000000000x.seg"));
        assertFalse(JournalDescriptor.isSegmentFileName("00000000000000000000.tmp"));
    }
}
