package dev.lepus.kernel.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.kernel.codec.Messages.WithCap;

/** Caps inside messages: written as the resolver's numbers, read back as the resolver's caps. */
class CodecCapTest {

    private static final Codec CODEC = Messages.codec();

    private Node node;
    private Cap<Object> a;
    private Cap<Object> b;
    private Cap<Object> c;

    /** A component that ignores everything: only its cap is used. */
    static final class Idle implements Component<Object> {
        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
        }
    }

    /** Numbers caps in the order it first sees them, like a journal's cap table. */
    static final class TableResolver implements CapResolver {
        final Map<Cap<?>, Long> ids = new IdentityHashMap<>();
        final List<Cap<?>> caps = new ArrayList<>();

        @Override
        public long idOf(final Cap<?> cap) {
            return ids.computeIfAbsent(cap, k -> {
                caps.add(k);
                return (long) caps.size() - 1;
            });
        }

        @Override
        public Cap<?> capOf(final long id) {
            return caps.get(Math.toIntExact(id));
        }
    }

    @BeforeEach
    void startNode() {
        node = new Node(new NodeSettings().kernels(1).manual(true));
        a = node.spawn(Spawn.of("a", Idle::new));
        b = node.spawn(Spawn.of("b", Idle::new));
        c = node.spawn(Spawn.of("c", Idle::new));
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    @Test
    void shouldRoundTripCapsThroughAResolver() {
        final TableResolver resolver = new TableResolver();
        final WithCap m = new WithCap(a, "hello", Set.of(b, c));
        final CodecBuffer out = new CodecBuffer();
        final int n = CODEC.encode(m, resolver, out);
        final WithCap back = (WithCap) CODEC.decode(out.array(), 0, n, resolver);
        assertSame(a, back.to());
        assertEquals(m, back);
        assertEquals(Set.of(b, c), back.others());
        assertArrayEquals(out.toByteArray(), CODEC.encodeToArray(back, resolver));
        assertSame(c, CODEC.decode(CODEC.encodeToArray(c, resolver), 0, 2, resolver));
    }

    @Test
    void shouldWriteCapsAsTheResolverNumbers() {
        final CapResolver fixed = new CapResolver() {
            @Override
            public long idOf(final Cap<?> cap) {
                return cap == a ? 300 : -1;
            }

            @Override
            public Cap<?> capOf(final long id) {
                return id == 300 ? a : b;
            }
        };
        assertArrayEquals(new byte[] {CodecDescriptor.CAP, (byte) 0xac, 0x02}, CODEC.encodeToArray(a, fixed));
        final byte[] minus = CODEC.encodeToArray(b, fixed);
        assertEquals(11, minus.length);
        assertSame(b, CODEC.decode(minus, 0, minus.length, fixed));
    }

    @Test
    void shouldRefuseCapsWithoutAResolver() {
        final CodecException e = assertThrows(CodecException.class,
            () -> CODEC.encodeToArray(new WithCap(a, "x", Set.of())));
        assertTrue(e.getMessage().contains("no CapResolver"), e::getMessage);
        final byte[] bytes = CODEC.encodeToArray(new WithCap(a, "x", Set.of()), new TableResolver());
        final CodecException d = assertThrows(CodecException.class, () -> CODEC.decode(bytes));
        assertTrue(d.getMessage().contains("no CapResolver"), d::getMessage);
        assertEquals(5, d.offset());
    }

    @Test
    void shouldRefuseASetOfTwoCapsWithOneNumber() {
        final CapResolver same = new CapResolver() {
            @Override
            public long idOf(final Cap<?> cap) {
                return 1;
            }

            @Override
            public Cap<?> capOf(final long id) {
                return a;
            }
        };
        final CodecException e = assertThrows(CodecException.class,
            () -> CODEC.encodeToArray(new WithCap(a, "x", Set.of(b, c)), same));
        assertTrue(e.getMessage().contains("two elements with one encoding"), e::getMessage);
    }

    @Test
    void shouldReportAFailingResolver() {
        final TableResolver resolver = new TableResolver();
        final byte[] bytes = CODEC.encodeToArray(b, resolver);
        final CodecException e = assertThrows(CodecException.class,
            () -> CODEC.decode(bytes, 0, bytes.length, new TableResolver()));
        assertTrue(e.getMessage().contains("CapResolver failed on cap id 0"), e::getMessage);
        assertTrue(e.getCause() instanceof IndexOutOfBoundsException);
    }
}
