package dev.lepus.kernel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    void shouldHandOutDirectBuffersRoundedUpToTheirSizeClass() {
        final BufferPool pool = new BufferPool(1 << 20);
        assertEquals(BufferPool.MIN_SIZE, pool.acquire(1).capacity());
        assertEquals(BufferPool.MIN_SIZE, pool.acquire(BufferPool.MIN_SIZE).capacity());
        assertEquals(2 * BufferPool.MIN_SIZE, pool.acquire(BufferPool.MIN_SIZE + 1).capacity());
        assertEquals(8 * BufferPool.MIN_SIZE, pool.acquire(5 * BufferPool.MIN_SIZE).capacity());
        assertTrue(pool.acquire(1).isDirect());
        assertEquals(5, pool.allocated());
    }

    @Test
    void shouldReuseAReleasedBufferCleared() {
        final BufferPool pool = new BufferPool(1 << 20);
        final ByteBuffer b = pool.acquire(100);
        b.put((byte) 1);
        pool.release(b);
        assertEquals(BufferPool.MIN_SIZE, pool.freeBytes());
        final ByteBuffer again = pool.acquire(100);
        assertSame(b, again);
        assertEquals(0, again.position());
        assertEquals(again.capacity(), again.limit());
        assertEquals(1, pool.reused());
        assertEquals(0, pool.freeBytes());
    }

    @Test
    void shouldKeepNoMoreFreeBytesThanItMayRetain() {
        final BufferPool pool = new BufferPool(BufferPool.MIN_SIZE);
        final ByteBuffer a = pool.acquire(1);
        final ByteBuffer b = pool.acquire(1);
        pool.release(a);
        pool.release(b); // past the retained bytes: left to the collector
        assertEquals(BufferPool.MIN_SIZE, pool.freeBytes());
        pool.release(ByteBuffer.allocateDirect(1000)); // not one of its classes
        assertEquals(BufferPool.MIN_SIZE, pool.freeBytes());
    }

    @Test
    void shouldGrowABufferKeepingWhatItHeld() {
        final BufferPool pool = new BufferPool(1 << 20);
        final ByteBuffer b = pool.acquire(1);
        for (int i = 0; i < b.capacity(); i++) {
            b.put((byte) i);
        }
        final ByteBuffer bigger = pool.grow(b, b.capacity() + 1);
        assertEquals(2 * BufferPool.MIN_SIZE, bigger.capacity());
        assertEquals(BufferPool.MIN_SIZE, bigger.position());
        for (int i = 0; i < BufferPool.MIN_SIZE; i++) {
            assertEquals((byte) i, bigger.get(i));
        }
        assertEquals(BufferPool.MIN_SIZE, pool.freeBytes(), "the smaller one went back");
    }

    @Test
    void shouldRefuseABufferLargerThanItsLargestClass() {
        final BufferPool pool = new BufferPool(0);
        assertThrows(IllegalArgumentException.class, () -> pool.acquire(Integer.MAX_VALUE));
    }
}
