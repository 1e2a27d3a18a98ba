package dev.lepus.bench.jmh;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.lepus.kernel.codec.Codec;
import dev.lepus.kernel.codec.CodecBuffer;

/**
 * The cost of the canonical message codec on a small record, as the journal pays it for every delivered message:
 * encode into a reused {@link CodecBuffer}, and decode from a byte array. The target is at most 100 ns each.
 * {@code encodeTagged}/{@code decodeTagged} add a record with a three-element {@code Set.of}, which is sorted by
 * encoded bytes on every encode.
 *
 * <p>Thread contract: each JMH thread has its own state (Scope.Thread); run it with one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseParallelGC")
public class CodecBenchmark {

    /** The small record: a sequence number, a short key and a count. */
    record Item(long seq, String key, int n) {
    }

    /** A record with a small set. */
    record Tagged(long id, Set<String> tags) {
    }

    private Codec codec;
    private CodecBuffer buffer;
    private Item item;
    private byte[] itemBytes;
    private Tagged tagged;
    private byte[] taggedBytes;

    /** Builds the codec and primes both paths. */
    @Setup
    public void setUp() {
        codec = Codec.builder().register(Item.class).register(Tagged.class).build();
        buffer = new CodecBuffer();
        item = new Item(123_456_789L, "order-42", 17);
        itemBytes = codec.encodeToArray(item);
        tagged = new Tagged(7, Set.of("red", "green", "blue"));
        taggedBytes = codec.encodeToArray(tagged);
        for (int i = 0; i < 10_000; i++) {
            encodeItem();
            decodeItem();
        }
    }

    /**
     * Encodes the small record into the reused buffer.
     *
     * @return the encoded length
     */
    @Benchmark
    public int encodeItem() {
        final CodecBuffer b = buffer;
        b.clear();
        return codec.encode(item, null, b);
    }

    /**
     * Decodes the small record.
     *
     * @return the record
     */
    @Benchmark
    public Object decodeItem() {
        return codec.decode(itemBytes, 0, itemBytes.length, null);
    }

    /**
     * Encodes the record with a set into the reused buffer.
     *
     * @return the encoded length
     */
    @Benchmark
    public int encodeTagged() {
        final CodecBuffer b = buffer;
        b.clear();
        return codec.encode(tagged, null, b);
    }

    /**
     * Decodes the record with a set.
     *
     * @return the record
     */
    @Benchmark
    public Object decodeTagged() {
        return codec.decode(taggedBytes, 0, taggedBytes.length, null);
    }
}
