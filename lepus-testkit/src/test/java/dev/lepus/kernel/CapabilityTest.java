package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;
import dev.lepus.testkit.TestNode;

/** Capabilities: rights, badges, mint, grant by message, revoke, and every way a cap cannot be forged. */
class CapabilityTest {

    /**
     * Carries a cap.
     *
     * @param cap the cap
     */
    record Carry(Cap<Object> cap) {
    }

    /** A component that runs whatever the test gives it, on its own kernel thread. */
    static final class Scripted implements Component<Object> {
        final List<Object> received = new ArrayList<>();
        final List<Long> badges = new ArrayList<>();
        Context<Object> ctx;
        BiConsumer<Context<Object>, Object> onMessage = (c, m) -> { };

        @Override
        public void onStart(final Context<Object> c) {
            ctx = c;
        }

        @Override
        public void onMessage(final Context<Object> c, final Object m) {
            received.add(m);
            badges.add(c.badge());
            onMessage.accept(c, m);
        }
    }

    @Test
    void shouldDeliverTheBadgeOfTheMintedCapWithEveryMessage() {
        try (TestNode node = TestNode.withKernels(2)) {
            final Scripted server = new Scripted();
            final Scripted client = new Scripted();
            final Cap<Object> s = node.spawn(Spawn.<Object>of("server", () -> server).onKernel(1));
            node.spawn(Spawn.<Object>of("client", () -> client).onKernel(0));
            node.runUntilIdle();
            // The server's owner mints one badged, send-only cap per client.
            final Cap<Object> forA = server.ctx.mint(s, Cap.SEND, 7);
            final Cap<Object> forB = server.ctx.mint(s, Cap.SEND, 8);
            assertEquals(7, forA.badge());
            assertFalse(forA.has(Cap.GRANT));
            node.tell(forA, "from a");
            node.tell(forB, "from b");
            node.tell(s, "unbadged");
            node.runUntilIdle();
            assertEquals(List.of("from a", "from b", "unbadged"), server.received);
            assertEquals(List.of(7L, 8L, 0L), server.badges);
        }
    }

    @Test
    void shouldRefuseToGrowRightsOrRebadge() {
        try (TestNode node = TestNode.withKernels(1)) {
            final Scripted a = new Scripted();
            final Cap<Object> cap = node.spawn(Spawn.<Object>of("a", () -> a));
            node.runUntilIdle();
            final Cap<Object> sendOnly = a.ctx.mint(cap, Cap.SEND, 5);
            final IllegalArgumentException grow = assertThrows(IllegalArgumentException.class,
                () -> a.ctx.mint(sendOnly, Cap.SEND | Cap.GRANT, 5));
            assertTrue(grow.getMessage().contains("rights only shrink"), grow.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.ctx.mint(sendOnly, Cap.SEND, 6));
            assertEquals(5, a.ctx.copy(sendOnly).badge());
        }
    }

    @ParameterizedTest(name = "kernels={0}")
    @ValueSource(ints = {1, 2})
    void shouldRefuseToPassCapsWithoutTheGrantRightAndDeriveThemWithIt(final int kernels) throws Exception {
        try (TestNode node = TestNode.withKernels(kernels)) {
            final Scripted sender = new Scripted();
            final Scripted receiver = new Scripted();
            final Scripted third = new Scripted();
            final Cap<Object> s = node.spawn(Spawn.<Object>of("sender", () -> sender).onKernel(0));
            final Cap<Object> r = node.spawn(Spawn.<Object>of("receiver", () -> receiver).onKernel(kernels - 1));
            final Cap<Object> t = node.spawn(Spawn.<Object>of("third", () -> third).onKernel(0));
            final Cap<?> sendOnly = node.grant(s, "r-send", r, Cap.SEND);
            final Cap<?> sendGrant = node.grant(s, "r-grant", r, Cap.SEND | Cap.GRANT);
            final Cap<?> toThird = node.grant(s, "third", t, Cap.SEND);
            node.runUntilIdle();
            final List<SendResult> results = new ArrayList<>();
            sender.onMessage = (ctx, m) -> {
                results.add(ctx.send(ctx.granted("r-send"), new Carry(ctx.granted("third"))));
                results.add(ctx.send(ctx.granted("r-grant"), new Carry(ctx.granted("third"))));
            };
            node.tell(s, "go");
            node.runUntilIdle();
            assertEquals(List.of(SendResult.DENIED, SendResult.OK), results);
            assertEquals(1, receiver.received.size());
            final Carry got = (Carry) receiver.received.get(0);
            // The receiver holds a cap derived from the sender's, not the sender's own.
            final List<CapInfo> caps = node.node().capabilities();
            final CapInfo senders = caps.stream().filter(c -> c.holder().equals("sender") && c.target().equals("third"))
                .findFirst().orElseThrow();
            final CapInfo receivers = caps.stream().filter(c -> c.holder().equals("receiver")
                && c.target().equals("third")).findFirst().orElseThrow();
            assertEquals(senders.id(), receivers.parent());
            assertEquals(Cap.SEND, receivers.rights());
            // And it works: the receiver can send to the third component.
            receiver.onMessage = (ctx, m) -> results.add(ctx.send(got.cap(), "hello third"));
            node.tell(r, "use it");
            node.runUntilIdle();
            assertEquals(List.of("hello third"), third.received);
            assertTrue(sendOnly.has(Cap.SEND) && sendGrant.has(Cap.GRANT) && !toThird.has(Cap.GRANT));
        }
    }

    @ParameterizedTest(name = "kernels={0}")
    @ValueSource(ints = {1, 2})
    void shouldRevokeTransitivelyAndDropMessagesAlreadyQueued(final int kernels) throws Exception {
        try (TestNode node = TestNode.withKernels(kernels)) {
            final Scripted owner = new Scripted();
            final Scripted middle = new Scripted();
            final Scripted leaf = new Scripted();
            final Cap<Object> o = node.spawn(Spawn.<Object>of("owner", () -> owner).onKernel(kernels - 1));
            final Cap<Object> m = node.spawn(Spawn.<Object>of("middle", () -> middle).onKernel(0));
            final Cap<Object> l = node.spawn(Spawn.<Object>of("leaf", () -> leaf).onKernel(0));
            node.runUntilIdle();
            // The owner hands a revocable cap to itself to middle, which passes it on to leaf.
            final Cap<Object> handed = owner.ctx.mint(o, Cap.SEND | Cap.GRANT | Cap.REVOKE, 0);
            node.grant(m, "leaf", l, Cap.SEND | Cap.GRANT);
            final List<SendResult> results = new ArrayList<>();
            final int[] revoked = new int[1];
            middle.onMessage = (ctx, msg) -> results.add(ctx.send(ctx.granted("leaf"), new Carry(((Carry) msg).cap())));
            final List<Cap<Object>> leafHeld = new ArrayList<>();
            leaf.onMessage = (ctx, msg) -> {
                leafHeld.add(((Carry) msg).cap());
                for (int i = 0; i < 5; i++) {
                    results.add(ctx.send(leafHeld.get(0), "queued " + i)); // accepted, not yet delivered
                }
                if (kernels == 1) {
                    revoked[0] = owner.ctx.revoke(handed); // the five are in the owner's mailbox now
                }
            };
            node.tell(m, new Carry(handed));
            if (kernels == 2) {
                // Step kernel 0 alone: the five messages wait in the channel to kernel 1.
                final Kernel k0 = node.node().kernels()[0];
                while (results.size() < 6) {
                    assertTrue(k0.doWork() > 0 || results.size() == 6, "kernel 0 went idle");
                }
                revoked[0] = owner.ctx.revoke(handed);
            }
            node.runUntilIdle();
            assertEquals(List.of(SendResult.OK, SendResult.OK, SendResult.OK, SendResult.OK, SendResult.OK,
                SendResult.OK), results);
            assertEquals(3, revoked[0], "handed, middle's copy and leaf's copy");
            assertEquals(List.of(), owner.received, "nothing sent through a revoked cap is delivered");
            assertEquals(SendResult.REVOKED, owner.ctx.send(leafHeld.get(0), "after"));
            long dropped = 0;
            for (final Kernel k : node.node().kernels()) {
                dropped += k.counters().revokedAtDelivery;
            }
            assertEquals(5, dropped);
        }
    }

    @Test
    void shouldRefuseRevokeWithoutTheRevokeRight() {
        try (TestNode node = TestNode.withKernels(1)) {
            final Scripted a = new Scripted();
            final Cap<Object> cap = node.spawn(Spawn.<Object>of("a", () -> a));
            node.runUntilIdle();
            final Cap<Object> noRevoke = a.ctx.mint(cap, Cap.SEND, 0);
            assertThrows(IllegalArgumentException.class, () -> a.ctx.revoke(noRevoke));
            assertEquals(1, a.ctx.revoke(a.ctx.mint(cap, Cap.SEND | Cap.REVOKE, 0)));
        }
    }

    @Test
    void shouldRefuseSendsThroughACapWhoseTargetStopped() {
        try (TestNode node = TestNode.withKernels(2)) {
            final Scripted a = new Scripted();
            final Cap<Object> target = node.spawn(Spawn.<Object>of("target", () -> (ctx, m) -> ctx.stop()).onKernel(1));
            node.spawn(Spawn.<Object>of("a", () -> a).onKernel(0));
            node.runUntilIdle();
            node.tell(target, "stop now");
            node.runUntilIdle();
            assertEquals(SendResult.STOPPED, a.ctx.send(target, "anyone there?"));
            assertEquals(SendResult.STOPPED, a.ctx.send(a.ctx.mint(target, Cap.SEND, 7), "a cap minted after the stop"));
        }
    }

    @Test
    void shouldNotLetAnyoneMakeOrDeserializeACap() throws Exception {
        for (final var ctor : Cap.class.getDeclaredConstructors()) {
            assertTrue(Modifier.isPrivate(ctor.getModifiers()), "Cap constructors are private");
        }
        final IllegalStateException second = assertThrows(IllegalStateException.class, () -> new Cap.Issuer() { });
        assertTrue(second.getMessage().contains("created only by the kernel"));
        try (TestNode node = TestNode.withKernels(1)) {
            final Cap<Object> cap = node.spawn(Spawn.<Object>of("a", Scripted::new));
            assertThrows(NotSerializableException.class,
                () -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(cap));
        }
    }

    @Test
    void shouldForgetDeletedLeafCapsAndKeepTheTreeSmallForRepeatedGrants() throws Exception {
        try (TestNode node = TestNode.withKernels(2)) {
            final Scripted a = new Scripted();
            final Scripted b = new Scripted();
            final Cap<Object> ca = node.spawn(Spawn.<Object>of("a", () -> a).onKernel(0));
            final Cap<Object> cb = node.spawn(Spawn.<Object>of("b", () -> b).onKernel(1));
            node.grant(ca, "b", cb, Cap.SEND | Cap.GRANT);
            node.runUntilIdle();
            a.onMessage = (ctx, m) -> {
                for (int i = 0; i < 1000; i++) {
                    ctx.send(ctx.granted("b"), new Carry(ctx.self()));
                }
            };
            node.tell(ca, "go");
            node.runUntilIdle();
            assertEquals(1000, b.received.size());
            final long held = node.node().capabilities().stream()
                .filter(c -> c.holder().equals("b") && c.target().equals("a")).count();
            assertEquals(1, held, "a thousand grants of the same cap give the receiver one cap");
            final Cap<Object> mine = b.ctx.copy(((Carry) b.received.get(0)).cap());
            assertTrue(b.ctx.delete(mine));
            assertFalse(b.ctx.delete(mine));
            assertEquals(1, node.node().capabilities().stream()
                .filter(c -> c.holder().equals("b") && c.target().equals("a")).count());
        }
    }
}
