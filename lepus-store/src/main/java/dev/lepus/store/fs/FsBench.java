package dev.lepus.store.fs;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import dev.lepus.store.StateStore;

/**
 * Side-by-side file-system throughput: the Lepus file store (tables of 64 KiB blocks, one transaction per call)
 * against the host file system through {@code java.nio} ({@link FileChannel}, no fsync on either side), in the same
 * run. Each side writes, then reads, {@code --files} files of 1 MiB, one call per file. As in the benchmark suite,
 * both sides are warmed up, then {@code --pairs} pairs run back to back (the side that goes first alternates), and
 * the pair with the median ratio is printed:
 *
 * <pre>
 * fs-write lepus=X peer=Y unit=MB/s ratio=R
 * fs-read lepus=X peer=Y unit=MB/s ratio=R
 * </pre>
 *
 * <p>A ratio above 1 means Lepus is faster. MB is 10^6 bytes. Progress lines start with {@code "# "}. Run:
 * {@code java -cp "$(cat lepus-store/target/classpath.txt):lepus-store/target/classes" dev.lepus.store.fs.FsBench
 * [--files N] [--pairs N] [--dir DIR] [--pg JDBC_URL]} (see docs/store.md for the class path).
 *
 * <p>Thread contract: single-threaded; runs on the thread that calls {@link #main}.
 */
public final class FsBench {

    /** One file: 1 MiB. */
    public static final int FILE_BYTES = 1024 * 1024;

    /** The Lepus side's block size: 64 KiB. */
    public static final int BLOCK_BYTES = 64 * 1024;

    private final FileStore fs;
    private final StateStore store;
    private final Path peerDir;
    private final int files;
    private final byte[] data;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(FILE_BYTES);
    private long sink;

    private FsBench(final StateStore store, final FileStore fs, final Path peerDir, final int files) {
        this.store = store;
        this.fs = fs;
        this.peerDir = peerDir;
        this.files = files;
        this.data = new byte[FILE_BYTES];
        ThreadLocalRandom.current().nextBytes(data);
    }

    /**
     * @param args {@code [--files N] [--pairs N] [--dir DIR] [--pg JDBC_URL]}
     * @throws IOException when the host file system fails
     */
    public static void main(final String[] args) throws IOException {
        int files = 256;
        int pairs = 7;
        Path dir = null;
        String pg = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--pairs" -> pairs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--pg" -> pg = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                    + "; usage: FsBench [--files N] [--pairs N] [--dir DIR] [--pg JDBC_URL]");
            }
        }
        final Path root = dir != null ? dir : Files.createTempDirectory("lepus-fsbench");
        final PrintStream out = System.out;
        final long t0 = System.nanoTime();
        try (StateStore store = StateStore.open(pg, root.resolve("db"))) {
            final FileStore fs = FileStore.open(store, new FileStore.Context().blockSizeBytes(BLOCK_BYTES));
            fs.createDirectories("/bench");
            final Path peerDir = Files.createDirectories(root.resolve("peer"));
            out.printf(Locale.ROOT, "# fs: %d files of 1 MiB per run, %d pairs; lepus on %s, peer java.nio in %s%n",
                files, pairs, store.database(), peerDir);
            final FsBench b = new FsBench(store, fs, peerDir, files);
            out.println(b.compare("fs-write", b::lepusWrite, b::peerWrite, b::clear, pairs, out));
            b.lepusWrite();
            b.peerWrite();
            out.println(b.compare("fs-read", b::lepusRead, b::peerRead, b::settle, pairs, out));
            b.clear();
        } finally {
            if (dir == null) {
                deleteTree(root);
            }
        }
        out.printf(Locale.ROOT, "# done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private long lepusWrite() {
        final long start = System.nanoTime();
        for (int i = 0; i < files; i++) {
            fs.write("/bench/f" + i, 0, data);
        }
        return System.nanoTime() - start;
    }

    private long peerWrite() {
        final long start = System.nanoTime();
        try {
            for (int i = 0; i < files; i++) {
                try (FileChannel ch = FileChannel.open(peerDir.resolve("f" + i), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    final ByteBuffer buf = ByteBuffer.wrap(data);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return System.nanoTime() - start;
    }

    private long lepusRead() {
        final long start = System.nanoTime();
        for (int i = 0; i < files; i++) {
            sink += fs.read("/bench/f" + i, 0, FILE_BYTES).length;
        }
        return System.nanoTime() - start;
    }

    private long peerRead() {
        final long start = System.nanoTime();
        try {
            for (int i = 0; i < files; i++) {
                try (FileChannel ch = FileChannel.open(peerDir.resolve("f" + i), StandardOpenOption.READ)) {
                    readBuffer.clear();
                    int n = 0;
                    while (readBuffer.hasRemaining() && n >= 0) {
                        n = ch.read(readBuffer);
                    }
                    sink += readBuffer.position();
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return System.nanoTime() - start;
    }

    /**
     * Untimed, between runs: pushes both sides' dirty pages to the disk, so that one side's write-back does not slow
     * the next run of the other side.
     */
    private void settle() {
        try {
            for (int i = 0; i < files; i++) {
                final Path p = peerDir.resolve("f" + i);
                if (Files.exists(p)) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        if (store.database().dialect() == dev.lepus.store.Database.Dialect.H2) {
            store.database().inTransaction("checkpoint", c -> {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("CHECKPOINT SYNC");
                }
                return null;
            });
        }
    }

    private void clear() {
        settle();
        for (int i = 0; i < files; i++) {
            if (fs.exists("/bench/f" + i)) {
                fs.delete("/bench/f" + i);
            }
            try {
                Files.deleteIfExists(peerDir.resolve("f" + i));
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private double mbPerS(final long ns) {
        return (double) files * FILE_BYTES / 1e6 / (ns / 1e9);
    }

    private String compare(final String name, final LongSupplier lepus, final LongSupplier peer, final Runnable between,
                           final int pairs, final PrintStream out) {
        out.printf(Locale.ROOT, "# %s warm-up: lepus %.1f MB/s%n", name, mbPerS(lepus.getAsLong()));
        between.run();
        out.printf(Locale.ROOT, "# %s warm-up: peer %.1f MB/s%n", name, mbPerS(peer.getAsLong()));
        between.run();
        final double[][] results = new double[pairs][];
        for (int i = 0; i < pairs; i++) {
            final double l;
            final double p;
            if (i % 2 == 0) {
                l = mbPerS(lepus.getAsLong());
                p = mbPerS(peer.getAsLong());
            } else {
                p = mbPerS(peer.getAsLong());
                l = mbPerS(lepus.getAsLong());
            }
            between.run();
            results[i] = new double[] {l, p};
            out.printf(Locale.ROOT, "#   %s pair %d/%d: lepus %.1f MB/s, peer %.1f MB/s, ratio %.2f%n", name, i + 1,
                pairs, l, p, l / p);
        }
        final double[][] sorted = results.clone();
        Arrays.sort(sorted, Comparator.comparingDouble(r -> r[0] / r[1]));
        final double[] median = sorted[pairs / 2];
        return name + " lepus=" + format(median[0]) + " peer=" + format(median[1]) + " unit=MB/s ratio="
            + String.format(Locale.ROOT, "%.2f", median[0] / median[1]) + (sink < 0 ? " " : "");
    }

    private static String format(final double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static void deleteTree(final Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (final Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
