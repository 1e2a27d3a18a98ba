package dev.lepus.kernel.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.lepus.api.Cap;

/** The message types the codec tests use. */
final class Messages {

    private Messages() {
    }

    /** The small record of the benchmark. */
    record Item(long seq, String key, int n) {
    }

    /** An enum with a constant that has a body. */
    enum Color {
        RED,
        GREEN {
            @Override
            public String toString() {
                return "green";
            }
        },
        BLUE
    }

    /** A sealed hierarchy: records and an enum. */
    sealed interface Figure permits Circle, Square, Nothing, Group {
    }

    /** A circle. */
    record Circle(double radius) implements Figure {
    }

    /** A square. */
    record Square(float side, Color color) implements Figure {
    }

    /** No figure. */
    enum Nothing implements Figure {
        NONE
    }

    /** Figures of figures. */
    record Group(String name, List<Figure> members) implements Figure {
    }

    /** Every primitive. */
    record Prims(boolean z, byte b, short s, char c, int i, long l, float f, double d) {
    }

    /** Every box. */
    record Boxes(Boolean z, Byte b, Short s, Character c, Integer i, Long l, Float f, Double d) {
    }

    /** Every other fixed value type. */
    record Values(String s, BigInteger bi, BigDecimal bd, UUID u, Duration du, Instant in, LocalDate ld,
                  LocalDateTime ldt) {
    }

    /** Collections. */
    record Colls(List<String> list, Set<Integer> set, Map<String, Item> map, List<List<Figure>> nested,
                 Map<Color, Set<String>> byColor) {
    }

    /** A recursive record. */
    record Tree(String label, List<Tree> kids) {
    }

    /** Records and enums inside a record. */
    record Holder(Figure figure, Color color, Item item) {
    }

    /** A record with caps. */
    record WithCap(Cap<?> to, String what, Set<Cap<?>> others) {
    }

    /** A record whose constructor checks its argument. */
    record Validated(int n) {
        Validated {
            if (n < 0) {
                throw new IllegalArgumentException("n < 0");
            }
        }
    }

    /** A private nested record, reachable only through privateLookupIn. */
    private record Hidden(int x, String y) {
    }

    static Object hidden(final int x, final String y) {
        return new Hidden(x, y);
    }

    static Class<?> hiddenClass() {
        return Hidden.class;
    }

    /** Not a message type: a mutable class in a component. */
    record Bad(StringBuilder sb) {
    }

    /** The codec of all of the above. */
    static Codec codec() {
        return Codec.builder()
            .register(Item.class)
            .register(Figure.class)
            .register(Prims.class)
            .register(Boxes.class)
            .register(Values.class)
            .register(Colls.class)
            .register(Tree.class)
            .register(Holder.class)
            .register(WithCap.class)
            .register(Validated.class)
            .register(Hidden.class)
            .build();
    }
}
