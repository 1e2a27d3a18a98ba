package dev.lepus.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.lepus.kernel.journal.JournalPolicy;
import dev.lepus.kernel.journal.JournalSettings;
import dev.lepus.kernel.journal.JournalWriter;

/**
 * The journal's hot path: {@link JournalWriter#append} of a small payload (32 bytes: a 72-byte record), with the
 * {@code FILE} policy (memory-mapped 64 MiB segments in a temp folder, rolling and deleting old segments as it goes:
 * the roll's cost, which preallocates the next segment, is in the average) and the {@code RING} policy (a 16 MiB ring,
 * overwriting its oldest records once full).
 *
 * <ul>
 *   <li>{@code append}: one record.</li>
 *   <li>{@code appendBatch}: {@value #BATCH} records and one {@link JournalWriter#commitBatch()}, as a kernel duty cycle
 *       does; per record. With {@code FSYNC} this is the cost of forcing a batch, spread over its records.</li>
 * </ul>
 *
 * <p>Thread contract: each JMH thread has its own writer (Scope.Thread), opened in {@link #setUp()} on that thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseParallelGC")
public class JournalAppendBenchmark {

    /** Records per batch in {@link #appendBatch()}. */
    public static final int BATCH = 64;

    /** The policy under test. */
    @Param({"FILE", "RING"})
    public JournalPolicy policy;

    /** The payload size in bytes. */
    @Param({"32"})
    public int payloadBytes;

    private Path dir;
    private JournalWriter writer;
    private byte[] payload;
    private long seq;

    /** Opens the writer in a fresh temp folder and primes the path (and a segment roll). */
    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("lepus-journal-bench");
        writer = JournalWriter.open(JournalSettings.file(dir).withPolicy(policy).withRetainSegments(2), 0);
        payload = new byte[payloadBytes];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        for (int i = 0; i < 1_000_000; i++) {
            append();
        }
    }

    /** Closes the writer and deletes the folder. */
    @TearDown
    public void tearDown() {
        writer.close();
        try (var stream = Files.walk(dir)) {
            for (final Path p : stream.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** One record. */
    @Benchmark
    public void append() {
        final long s = seq++;
        writer.append(s & 63, s, 1, payload, 0, payloadBytes);
    }

    /** {@value #BATCH} records and the batch's commit; the score is per record. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void appendBatch() {
        final JournalWriter w = writer;
        final byte[] p = payload;
        final int len = payloadBytes;
        long s = seq;
        for (int i = 0; i < BATCH; i++) {
            w.append(s & 63, s, 1, p, 0, len);
            s++;
        }
        seq = s;
        w.commitBatch();
    }
}
