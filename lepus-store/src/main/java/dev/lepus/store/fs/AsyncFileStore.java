package dev.lepus.store.fs;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A non-blocking facade over {@link FileStore}: each call queues the operation on a small executor and returns at
 * once with a {@link CompletableFuture}. The queue is bounded; when it is full the call is refused, the refusal is
 * counted, and the future fails at once with {@link FileStoreException.Reason#BUSY} naming the path and the
 * capacity. Nothing is dropped silently. The {@code fs} API group will reach the file store through this.
 *
 * <p>Life-cycle: {@code OPEN -> CLOSED} ({@link #close}); operations queued before the close still complete, calls
 * after it fail with {@link FileStoreException.Reason#CLOSED}.
 *
 * <p>Thread contract: threadsafe. Futures complete on the executor's threads, so callbacks attached to them run
 * there; a kernel must hand results back to its own thread.
 */
public final class AsyncFileStore implements AutoCloseable {

    /** The executor's settings. Not threadsafe; {@link #conclude()} checks it. */
    public static final class Context {

        /** Threads that run operations. */
        public static final int DEFAULT_THREADS = 2;

        /** Operations that may wait for a thread. */
        public static final int DEFAULT_QUEUE_CAPACITY = 1024;

        private int threads = DEFAULT_THREADS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

        /**
         * @param threads threads that run operations, 1 to 64
         * @return this
         */
        public Context threads(final int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * @return threads that run operations
         */
        public int threads() {
            return threads;
        }

        /**
         * @param capacity operations that may wait for a thread, at least 1
         * @return this
         */
        public Context queueCapacity(final int capacity) {
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * @return operations that may wait for a thread
         */
        public int queueCapacity() {
            return queueCapacity;
        }

        /**
         * @return this, checked
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public Context conclude() {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads " + threads + ": must be 1 to 64");
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity " + queueCapacity + ": must be at least 1");
            }
            return this;
        }
    }

    private final FileStore store;
    private final ThreadPoolExecutor executor;
    private final int queueCapacity;
    /** Written by any caller whose operation was refused; read by anyone. */
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param store the file store the operations run on
     * @param ctx   the executor's settings
     */
    public AsyncFileStore(final FileStore store, final Context ctx) {
        this.store = Objects.requireNonNull(store, "store");
        ctx.conclude();
        this.queueCapacity = ctx.queueCapacity();
        final AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(ctx.threads(), ctx.threads(), 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(ctx.queueCapacity()), r -> {
                final Thread t = new Thread(r, "lepus-fs-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * @param store the file store the operations run on
     */
    public AsyncFileStore(final FileStore store) {
        this(store, new Context());
    }

    /**
     * @param path an absolute path
     * @return the file's metadata, see {@link FileStore#open}
     */
    public CompletableFuture<FileInfo> open(final String path) {
        return submit(path, () -> store.open(path));
    }

    /**
     * @param path   an absolute path
     * @param offset the first byte
     * @param len    how many bytes at most
     * @return the bytes, see {@link FileStore#read}
     */
    public CompletableFuture<byte[]> read(final String path, final long offset, final int len) {
        return submit(path, () -> store.read(path, offset, len));
    }

    /**
     * @param path   an absolute path
     * @param offset where the bytes go
     * @param bytes  the bytes; the caller must not change them until the future completes
     * @return the file's metadata after the write, see {@link FileStore#write}
     */
    public CompletableFuture<FileInfo> write(final String path, final long offset, final byte[] bytes) {
        return submit(path, () -> store.write(path, offset, bytes));
    }

    /**
     * @param dir an absolute path of a directory
     * @return its entries, see {@link FileStore#list}
     */
    public CompletableFuture<List<DirEntry>> list(final String dir) {
        return submit(dir, () -> store.list(dir));
    }

    /**
     * @param path an absolute path
     * @return done when deleted, see {@link FileStore#delete}
     */
    public CompletableFuture<Void> delete(final String path) {
        return submit(path, () -> {
            store.delete(path);
            return null;
        });
    }

    /**
     * @param from an absolute path
     * @param to   an absolute path
     * @return done when renamed, see {@link FileStore#rename}
     */
    public CompletableFuture<Void> rename(final String from, final String to) {
        return submit(from, () -> {
            store.rename(from, to);
            return null;
        });
    }

    /**
     * @param path an absolute path
     * @return done when created, see {@link FileStore#createDirectory}
     */
    public CompletableFuture<Void> createDirectory(final String path) {
        return submit(path, () -> {
            store.createDirectory(path);
            return null;
        });
    }

    /**
     * @return how many calls were refused because the queue was full or the facade closed
     */
    public long refusedCount() {
        return refused.get();
    }

    /**
     * @return how many operations wait for a thread now
     */
    public int queueSize() {
        return executor.getQueue().size();
    }

    /**
     * @return the bound of the queue
     */
    public int queueCapacity() {
        return queueCapacity;
    }

    private <T> CompletableFuture<T> submit(final String path, final Supplier<T> op) {
        final CompletableFuture<T> f = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    f.complete(op.get());
                } catch (final RuntimeException | Error e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (final RejectedExecutionException e) {
            final long n = refused.incrementAndGet();
            final FileStoreException refusal = executor.isShutdown()
                ? new FileStoreException(FileStoreException.Reason.CLOSED, String.valueOf(path),
                    "refused: the asynchronous file store is closed (" + n + " refused so far)")
                : new FileStoreException(FileStoreException.Reason.BUSY, String.valueOf(path),
                    "refused: the file-store queue is full (capacity " + queueCapacity + ", " + n
                        + " refused so far); retry later");
            f.completeExceptionally(refusal);
        }
        return f;
    }

    /**
     * Stops taking operations, lets the queued ones finish (up to a minute), then stops the threads.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
                executor.shutdownNow();
            }
        } catch (final InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
