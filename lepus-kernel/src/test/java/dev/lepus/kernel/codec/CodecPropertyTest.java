package dev.lepus.kernel.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import dev.lepus.kernel.codec.Messages.Circle;
import dev.lepus.kernel.codec.Messages.Colls;
import dev.lepus.kernel.codec.Messages.Color;
import dev.lepus.kernel.codec.Messages.Figure;
import dev.lepus.kernel.codec.Messages.Group;
import dev.lepus.kernel.codec.Messages.Holder;
import dev.lepus.kernel.codec.Messages.Item;
import dev.lepus.kernel.codec.Messages.Nothing;
import dev.lepus.kernel.codec.Messages.Square;
import dev.lepus.kernel.codec.Messages.Tree;

/** Properties over random values of a small record family: decode inverts encode, and encode inverts decode. */
class CodecPropertyTest {

    private static final Codec CODEC = Messages.codec();

    @Property(tries = 2000)
    void decodeOfEncodeIsTheValue(@ForAll("messages") final Object value) {
        final byte[] b = CODEC.encodeToArray(value);
        final Object back = CODEC.decode(b);
        assertEquals(value, back);
        assertArrayEquals(b, CODEC.encodeToArray(back));
    }

    @Property(tries = 500)
    void encodeIntoAReusedBufferGivesTheSameBytes(@ForAll("messages") final Object a,
                                                  @ForAll("messages") final Object b) {
        final CodecBuffer out = new CodecBuffer(1);
        final int na = CODEC.encode(a, null, out);
        final int nb = CODEC.encode(b, null, out);
        assertArrayEquals(CODEC.encodeToArray(a), Arrays.copyOfRange(out.array(), 0, na));
        assertArrayEquals(CODEC.encodeToArray(b), Arrays.copyOfRange(out.array(), na, na + nb));
        assertEquals(b, CODEC.decode(out.array(), na, nb, null));
    }

    @Property(tries = 1000)
    void aFlippedBitGivesAnErrorOrACanonicalValue(@ForAll("messages") final Object value,
                                                  @ForAll @IntRange(min = 0, max = 1 << 20) final int where) {
        final byte[] b = CODEC.encodeToArray(value);
        final int bit = where % (b.length * 8);
        b[bit >> 3] ^= (byte) (1 << (bit & 7));
        final Object v;
        try {
            v = CODEC.decode(b);
        } catch (final CodecException e) {
            return;
        }
        assertArrayEquals(b, CODEC.encodeToArray(v));
    }

    @Provide
    Arbitrary<Object> messages() {
        return Arbitraries.oneOf(items(), figures(3), holders(), trees(3), colls(), strings());
    }

    private static Arbitrary<String> strings() {
        return Arbitraries.strings().all().ofMaxLength(12);
    }

    private static Arbitrary<Item> items() {
        return Combinators.combine(Arbitraries.longs(), strings().injectNull(0.2), Arbitraries.integers())
            .as(Item::new);
    }

    private static Arbitrary<Figure> figures(final int depth) {
        final Arbitrary<Figure> circle = Arbitraries.longs().map(Double::longBitsToDouble).map(Circle::new);
        final Arbitrary<Figure> square = Combinators.combine(Arbitraries.integers().map(Float::intBitsToFloat),
            Arbitraries.of(Color.class)).as(Square::new);
        final Arbitrary<Figure> nothing = Arbitraries.just(Nothing.NONE);
        if (depth == 0) {
            return Arbitraries.oneOf(circle, square, nothing);
        }
        final Arbitrary<Figure> group = Combinators.combine(strings(),
            Arbitraries.lazy(() -> figures(depth - 1)).list().ofMaxSize(4)).as(Group::new);
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, circle), net.jqwik.api.Tuple.of(3, square), net.jqwik.api.Tuple.of(1, nothing),
            net.jqwik.api.Tuple.of(2, group));
    }

    private static Arbitrary<Holder> holders() {
        return Combinators.combine(figures(2).injectNull(0.1), Arbitraries.of(Color.class).injectNull(0.3),
            items().injectNull(0.2)).as(Holder::new);
    }

    private static Arbitrary<Tree> trees(final int depth) {
        if (depth == 0) {
            return strings().map(s -> new Tree(s, List.of()));
        }
        return Combinators.combine(strings().injectNull(0.1),
            Arbitraries.lazy(() -> trees(depth - 1)).list().ofMaxSize(3)).as(Tree::new);
    }

    private static Arbitrary<Colls> colls() {
        return Combinators.combine(
            strings().injectNull(0.1).list().ofMaxSize(5).injectNull(0.1),
            Arbitraries.integers().set().ofMaxSize(8),
            Arbitraries.maps(strings(), items()).ofMaxSize(5),
            figures(1).list().ofMaxSize(3).list().ofMaxSize(3),
            Arbitraries.maps(Arbitraries.of(Color.class), strings().set().ofMaxSize(4)).ofMaxSize(3))
            .as(Colls::new);
    }
}
