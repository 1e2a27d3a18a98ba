package dev.lepus.store.fs;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.lepus.store.Backend;
import dev.lepus.store.CrashChild;
import dev.lepus.store.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file store's contract, run against every database by a thin subclass per backend. Blocks are 4 KiB here, so
 * that small writes cross block boundaries.
 */
abstract class FileStoreContractTest {

    static final int BS = 4096;

    @TempDir
    Path tmp;

    Backend backend;
    StateStore state;
    FileStore fs;

    abstract Backend backend(Path dir);

    @BeforeEach
    void open() {
        backend = backend(tmp);
        state = backend.open();
        fs = FileStore.open(state, new FileStore.Context().blockSizeBytes(BS).maxFileSizeBytes(1024 * 1024));
    }

    @AfterEach
    void close() {
        if (state != null) {
            state.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    static byte[] pattern(final int n, final int seed) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    static FileStoreException.Reason reasonOf(final Runnable r) {
        return assertThrows(FileStoreException.class, r::run).reason();
    }

    @Test
    void shouldReadBackWhatWasWritten() {
        final byte[] data = pattern(3 * BS + 100, 1);
        final FileInfo info = fs.write("/a", 0, data);
        assertEquals(data.length, info.size());
        assertEquals(1, info.version());
        assertArrayEquals(data, fs.read("/a", 0, data.length));
        assertArrayEquals(Arrays.copyOfRange(data, BS - 10, 2 * BS + 10), fs.read("/a", BS - 10, BS + 20));
        assertEquals(data.length, fs.open("/a").size());
    }

    @Test
    void shouldOverwritePartOfBlocksAndKeepTheRest() {
        final byte[] data = pattern(3 * BS, 1);
        fs.write("/a", 0, data);
        final byte[] patch = pattern(BS + 50, 7);
        fs.write("/a", BS - 25, patch);
        System.arraycopy(patch, 0, data, BS - 25, patch.length);
        assertArrayEquals(data, fs.read("/a", 0, 10 * BS));
        assertEquals(2, fs.open("/a").version());
    }

    @Test
    void shouldExtendWithZerosAfterGap() {
        fs.write("/a", 0, pattern(100, 1));
        fs.write("/a", 3 * BS + 5, pattern(10, 2));
        final byte[] all = fs.read("/a", 0, 10 * BS);
        assertEquals(3 * BS + 15, all.length);
        assertArrayEquals(pattern(100, 1), Arrays.copyOf(all, 100));
        for (int i = 100; i < 3 * BS + 5; i++) {
            assertEquals(0, all[i], "gap byte " + i);
        }
        assertArrayEquals(pattern(10, 2), Arrays.copyOfRange(all, 3 * BS + 5, 3 * BS + 15));
    }

    @Test
    void shouldReadShortAtEndAndNothingPastIt() {
        fs.write("/a", 0, pattern(10, 1));
        assertEquals(4, fs.read("/a", 6, 100).length);
        assertEquals(0, fs.read("/a", 10, 100).length);
        assertEquals(0, fs.read("/a", 1000, 100).length);
    }

    @Test
    void shouldListDirectoriesAndFiles() {
        fs.createDirectory("/d");
        fs.createDirectories("/d/e/f");
        fs.write("/d/b", 0, pattern(5, 1));
        fs.write("/d/a", 0, pattern(7, 1));
        final List<DirEntry> entries = fs.list("/d");
        assertEquals(List.of("a", "b", "e"), entries.stream().map(DirEntry::name).toList());
        assertEquals(7, entries.get(0).size());
        assertTrue(entries.get(2).directory());
        assertEquals(List.of("d"), fs.list("/").stream().map(DirEntry::name).toList());
    }

    @Test
    void shouldDeleteFilesAndEmptyDirectories() {
        fs.createDirectory("/d");
        fs.write("/d/a", 0, pattern(3 * BS, 1));
        assertEquals(FileStoreException.Reason.NOT_EMPTY, reasonOf(() -> fs.delete("/d")));
        fs.delete("/d/a");
        assertFalse(fs.exists("/d/a"));
        fs.delete("/d");
        assertFalse(fs.exists("/d"));
        assertEquals(FileStoreException.Reason.NO_SUCH_FILE, reasonOf(() -> fs.delete("/d")));
        assertThrows(IllegalArgumentException.class, () -> fs.delete("/"));
    }

    @Test
    void shouldRenameFileReplacingTarget() {
        fs.write("/a", 0, pattern(100, 1));
        fs.write("/b", 0, pattern(50, 2));
        fs.rename("/a", "/b");
        assertFalse(fs.exists("/a"));
        assertArrayEquals(pattern(100, 1), fs.read("/b", 0, 1000));
        assertEquals(FileStoreException.Reason.NO_SUCH_FILE, reasonOf(() -> fs.rename("/a", "/c")));
    }

    @Test
    void shouldRenameDirectoryWithEverythingUnderIt() {
        fs.createDirectories("/x/y");
        fs.write("/x/y/f", 0, pattern(10, 3));
        fs.write("/x/g", 0, pattern(11, 4));
        fs.createDirectory("/z");
        fs.rename("/x", "/z/x2");
        assertArrayEquals(pattern(10, 3), fs.read("/z/x2/y/f", 0, 100));
        assertArrayEquals(pattern(11, 4), fs.read("/z/x2/g", 0, 100));
        assertEquals(List.of("g", "y"), fs.list("/z/x2").stream().map(DirEntry::name).toList());
        assertFalse(fs.exists("/x"));
        assertFalse(fs.exists("/x/y/f"));
        assertThrows(IllegalArgumentException.class, () -> fs.rename("/z", "/z/x2/inner"));
        fs.write("/h", 0, pattern(1, 1));
        assertEquals(FileStoreException.Reason.ALREADY_EXISTS, reasonOf(() -> fs.rename("/z", "/h")));
    }

    @Test
    void shouldNameMissingFilesAndDirectories() {
        final FileStoreException e = assertThrows(FileStoreException.class, () -> fs.read("/nope", 0, 1));
        assertEquals(FileStoreException.Reason.NO_SUCH_FILE, e.reason());
        assertEquals("/nope", e.path());
        assertTrue(e.getMessage().contains("/nope"));
        final FileStoreException d = assertThrows(FileStoreException.class, () -> fs.write("/no/dir/f", 0, new byte[1]));
        assertEquals(FileStoreException.Reason.NO_SUCH_DIRECTORY, d.reason());
        assertEquals("/no/dir", d.path());
        assertEquals(FileStoreException.Reason.NO_SUCH_DIRECTORY, reasonOf(() -> fs.list("/no")));
        fs.write("/f", 0, new byte[1]);
        assertEquals(FileStoreException.Reason.NOT_A_DIRECTORY, reasonOf(() -> fs.list("/f")));
        assertEquals(FileStoreException.Reason.NOT_A_DIRECTORY, reasonOf(() -> fs.write("/f/g", 0, new byte[1])));
        fs.createDirectory("/d");
        assertEquals(FileStoreException.Reason.IS_DIRECTORY, reasonOf(() -> fs.read("/d", 0, 1)));
        assertEquals(FileStoreException.Reason.IS_DIRECTORY, reasonOf(() -> fs.write("/d", 0, new byte[1])));
        assertEquals(FileStoreException.Reason.ALREADY_EXISTS, reasonOf(() -> fs.createDirectory("/d")));
    }

    @Test
    void shouldRefuseBadPathsNamingTheRule() {
        for (final String bad : List.of("", "a/b", "/a//b", "/a/", "/a/../b", "/./a", "/a\0b", "/" + "x".repeat(1024))) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fs.write(bad, 0, new byte[1]), bad);
            assertTrue(e.getMessage().startsWith("path"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseWriteOverMaxFileSizeNamingSizes() {
        fs.write("/big", 0, new byte[1000]);
        final FileStoreException e = assertThrows(FileStoreException.class,
            () -> fs.write("/big", 1024 * 1024 - 10, new byte[11]));
        assertEquals(FileStoreException.Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("1048577") && e.getMessage().contains("1048576"), e.getMessage());
        assertEquals(1000, fs.open("/big").size());
        fs.write("/big", 1024 * 1024 - 10, new byte[10]);
        assertEquals(1024 * 1024, fs.open("/big").size());
    }

    @Test
    void shouldSerializeConcurrentWritersToSameAndDifferentFiles() throws Exception {
        final int threads = 8;
        final int writes = 20;
        final int region = 1000;                   // regions share blocks: lost updates would show
        fs.createDirectory("/c");
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            final List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int id = t;
                futures.add(pool.submit(() -> {
                    for (int w = 0; w < writes; w++) {
                        fs.write("/c/shared", (long) id * region + (w % 2) * region * threads,
                            pattern(region, id * 100 + w));
                        fs.write("/c/own-" + id, (long) w * region, pattern(region, id * 100 + w));
                    }
                    return null;
                }));
            }
            for (final Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        final byte[] shared = fs.read("/c/shared", 0, 2 * threads * region);
        assertEquals(2 * threads * region, shared.length);
        assertEquals(threads * writes, fs.open("/c/shared").version(), "every write to the shared file counted");
        for (int t = 0; t < threads; t++) {
            // The last write of thread t to each of its two regions: w = writes - 2 (even) and writes - 1 (odd).
            assertArrayEquals(pattern(region, t * 100 + writes - 2),
                Arrays.copyOfRange(shared, t * region, (t + 1) * region), "shared region " + t);
            assertArrayEquals(pattern(region, t * 100 + writes - 1),
                Arrays.copyOfRange(shared, (threads + t) * region, (threads + t + 1) * region), "shared region' " + t);
            final byte[] own = fs.read("/c/own-" + t, 0, writes * region);
            for (int w = 0; w < writes; w++) {
                assertArrayEquals(pattern(region, t * 100 + w), Arrays.copyOfRange(own, w * region, (w + 1) * region));
            }
        }
    }

    @Test
    void shouldNeverShowTornFileToReaders() throws Exception {
        final int size = 5 * BS + 123;
        fs.write("/u", 0, new byte[size]);
        final AtomicBoolean stop = new AtomicBoolean();
        final CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            int reads = 0;
            while (!stop.get()) {
                final byte[] b = fs.read("/u", 0, size);
                for (final byte x : b) {
                    if (x != b[0]) {
                        throw new AssertionError("torn read: " + b[0] + " and " + x);
                    }
                }
                reads++;
            }
            return reads;
        });
        try {
            for (int k = 1; k <= 60; k++) {
                final byte[] b = new byte[size];
                Arrays.fill(b, (byte) k);
                fs.write("/u", 0, b);
            }
        } finally {
            stop.set(true);
        }
        assertTrue(reader.get(60, TimeUnit.SECONDS) > 0);
    }

    @Test
    void shouldKeepFileWholeWhenProcessIsKilledMidWrite() throws Exception {
        state.close();
        state = null;
        long lastVersion = 0;
        for (int round = 0; round < 3; round++) {
            CrashChild.runAndKill(backend, "fs", 3);
            try (StateStore s = backend.open()) {
                final FileStore f = FileStore.open(s);
                final FileInfo info = f.open(CrashChild.FS_FILE);
                assertEquals(CrashChild.FS_FILE_BYTES, info.size(), "round " + round);
                assertTrue(info.version() >= lastVersion + 3, "round " + round + ": lost committed writes");
                lastVersion = info.version();
                final byte[] b = f.read(CrashChild.FS_FILE, 0, CrashChild.FS_FILE_BYTES);
                for (int i = 0; i < b.length; i++) {
                    if (b[i] != b[0]) {
                        throw new AssertionError("round " + round + ": torn file: byte 0 is " + b[0] + ", byte " + i
                            + " is " + b[i]);
                    }
                }
            }
        }
    }

    @Test
    void asyncFacadeShouldCompleteFuturesAndRefuseWhenQueueIsFull() throws Exception {
        fs.write("/q", 0, pattern(10, 1));
        try (AsyncFileStore async = new AsyncFileStore(fs, new AsyncFileStore.Context().threads(1).queueCapacity(1))) {
            assertArrayEquals(pattern(10, 1), async.read("/q", 0, 10).get(30, TimeUnit.SECONDS));
            final ExecutionException missing = assertThrows(ExecutionException.class,
                () -> async.read("/missing", 0, 1).get(30, TimeUnit.SECONDS));
            assertEquals(FileStoreException.Reason.NO_SUCH_FILE, ((FileStoreException) missing.getCause()).reason());
            // Hold the file's row lock so the one thread blocks on it; one more operation fills the queue.
            final CompletableFuture<FileInfo> running;
            final CompletableFuture<FileInfo> queued;
            try (Connection c = state.database().dataSource().getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM files WHERE path = '/q' FOR UPDATE")) {
                    ps.executeQuery().close();
                }
                running = async.write("/q", 0, pattern(10, 2));
                while (async.queueSize() > 0) {
                    Thread.onSpinWait();
                }
                queued = async.write("/q", 0, pattern(10, 3));
                final CompletableFuture<FileInfo> refused = async.write("/q", 0, pattern(10, 4));
                final ExecutionException busy = assertThrows(ExecutionException.class, () -> refused.get(1, TimeUnit.SECONDS));
                final FileStoreException e = (FileStoreException) busy.getCause();
                assertEquals(FileStoreException.Reason.BUSY, e.reason());
                assertTrue(e.getMessage().contains("/q") && e.getMessage().contains("capacity 1"), e.getMessage());
                assertEquals(1, async.refusedCount());
                c.rollback();
            }
            running.get(30, TimeUnit.SECONDS);
            queued.get(30, TimeUnit.SECONDS);
            assertArrayEquals(pattern(10, 3), fs.read("/q", 0, 10));
        }
    }
}
