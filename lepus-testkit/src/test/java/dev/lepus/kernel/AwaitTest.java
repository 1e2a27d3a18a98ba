package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.AskException;
import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.journal.JournalSettings;
import dev.lepus.testkit.TestNode;

/**
 * {@code await} on L3 (continuations) and L4 (a thread per component): the handler suspends, the kernel runs others
 * meanwhile (including the callee on the same kernel), the awaiting component gets no other event until it returns,
 * failures arrive as AskException, L1 refuses it clearly, and a journaled run with awaits replays.
 */
class AwaitTest {

    /** The protocol. */
    sealed interface Msg {
        record Go(long n) implements Msg {
        }

        record Query(Cap<Answer> replyTo, long n) implements Msg {
        }

        record Answer(long value) implements Msg {
        }

        record Ping(String from) implements Msg {
        }
    }

    /** Asks the server and awaits the answer inside its handler. */
    @Manifest(name = "client", groups = {ApiGroup.CORE, ApiGroup.AWAIT})
    static final class Client implements Component<Msg> {
        final List<String> trace = new ArrayList<>();
        long total;

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
            switch (message) {
                case Msg.Go go -> {
                    trace.add("go " + go.n());
                    try {
                        final Msg.Answer a = ctx.await(ctx.<Msg, Msg.Answer>ask(ctx.granted("server"),
                            r -> new Msg.Query(r, go.n()), Duration.ofMillis(go.n() < 0 ? 1 : 1000)));
                        total += a.value();
                        trace.add("answer " + a.value());
                    } catch (final AskException ex) {
                        trace.add("failed " + ex.reason());
                    } catch (final IllegalStateException ex) {
                        trace.add("refused: " + ex.getMessage());
                    }
                }
                case Msg.Ping p -> trace.add("ping " + p.from());
                default -> trace.add("other " + message);
            }
        }
    }

    /** Doubles; ignores negative numbers (so that the ask times out). */
    static final class Server implements Component<Msg> {
        long served;

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
            if (message instanceof Msg.Query q && q.n() >= 0) {
                served++;
                ctx.send(q.replyTo(), new Msg.Answer(2 * q.n()));
            }
        }
    }

    /** Records that it ran. */
    static final class Bystander implements Component<Msg> {
        final List<String> seen;

        Bystander(final List<String> seen) {
            this.seen = seen;
        }

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
            seen.add("bystander " + message);
        }
    }

    private record System3(TestNode node, Client client, Cap<Msg> clientCap, Cap<Msg> bystander, List<String> seen) {
    }

    private static System3 boot(final TestNode node, final int serverKernel) {
        return boot(node, serverKernel, true);
    }

    /** With {@code shared}, the bystander writes into the client's trace, to show the order across the two. */
    private static System3 boot(final TestNode node, final int serverKernel, final boolean shared) {
        final Client client = new Client();
        final List<String> seen = shared ? client.trace : new ArrayList<>();
        final Cap<Msg> server = node.spawn(Spawn.<Msg>of("server", Server::new).onKernel(serverKernel));
        final Cap<Msg> c = node.spawn(Spawn.<Msg>of("client", () -> client).onKernel(0));
        final Cap<Msg> b = node.spawn(Spawn.<Msg>of("bystander", () -> new Bystander(seen)).onKernel(0));
        node.grant(c, "server", server, Cap.SEND);
        node.runUntilIdle();
        return new System3(node, client, c, b, seen);
    }

    @ParameterizedTest
    @EnumSource(value = KernelLevel.class, names = {"L3", "L4"})
    void shouldSuspendTheHandlerAndRunOthersMeanwhile(final KernelLevel level) {
        for (final int serverKernel : new int[] {0, 1}) {
            try (TestNode node = new TestNode(new NodeSettings().kernels(2).levelAll(level))) {
                final System3 s = boot(node, serverKernel);
                node.tell(s.clientCap(), new Msg.Go(21));
                node.tell(s.clientCap(), new Msg.Ping("queued behind the await"));
                node.tell(s.bystander(), new Msg.Ping("x"));
                node.runUntilIdle();
                assertEquals(List.of("go 21", "bystander Ping[from=x]", "answer 42", "ping queued behind the await"),
                    s.seen(), level + ", server on kernel " + serverKernel);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelLevel.class, names = {"L3", "L4"})
    void shouldThrowTheAsksFailureFromAwait(final KernelLevel level) {
        try (TestNode node = new TestNode(new NodeSettings().kernels(1).levelAll(level))) {
            final System3 s = boot(node, 0);
            node.tell(s.clientCap(), new Msg.Go(-1));
            node.advance(Duration.ofMillis(5));
            node.tell(s.clientCap(), new Msg.Go(5));
            node.runUntilIdle();
            assertEquals(List.of("go -1", "failed TIMEOUT", "go 5", "answer 10"), s.seen());
        }
    }

    @Test
    void shouldRefuseAwaitOnL1WithAClearMessage() {
        try (TestNode node = new TestNode(new NodeSettings().kernels(1))) {
            final System3 s = boot(node, 0);
            node.tell(s.clientCap(), new Msg.Go(1));
            node.runUntilIdle();
            assertTrue(s.seen().get(1).contains("await needs a kernel of level L3 or L4"), s.seen().toString());
            assertTrue(s.seen().get(1).contains("level L1"), s.seen().toString());
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelLevel.class, names = {"L3", "L4"})
    void shouldReplayAJournaledRunWithAwaits(final KernelLevel level, @TempDir final Path dir) {
        try (TestNode node = new TestNode(new NodeSettings().kernels(2).levelAll(level)
                .journal(JournalSettings.file(dir)))) {
            final System3 s = boot(node, 1, false);
            for (int i = 0; i < 10; i++) {
                node.tell(s.clientCap(), new Msg.Go(i));
                node.tell(s.bystander(), new Msg.Ping("p" + i));
            }
            node.runUntilIdle();
            assertEquals(90, s.client().total);
        }
        final Replayer.Result r = Replayer.replay(dir, new Replayer.Options()
            .factory(name -> name.endsWith("Bystander") ? new Bystander(new ArrayList<>()) : null));
        assertTrue(r.ok(), r::toString);
        assertEquals(90, ((Client) r.instances().get("client")).total);
    }
}
