package dev.lepus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;

/** Queries of a running node read what the kernels publish: they need no kernel to answer. */
class PublishedStateTest {

    /** Forwards every message to its grant "next"; blocks its kernel on the latch when told "block". */
    static final class Relay implements Component<Object> {
        private final CountDownLatch entered;
        private final CountDownLatch release;

        Relay(final CountDownLatch entered, final CountDownLatch release) {
            this.entered = entered;
            this.release = release;
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
            if ("block".equals(message)) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS); // holds the kernel thread: no command can run
                } catch (final InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            ctx.send(ctx.<Object>granted("next"), message);
        }
    }

    @Test
    @Timeout(30)
    void shouldAnswerComponentQueriesWhileAKernelIsBusyInAHandler() throws Exception {
        final Node node = new Node(new NodeSettings().kernels(2));
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Cap<Object> sink = node.spawn(Spawn.of("sink", Idle::new).onKernel(1));
        final Cap<Object> relay = node.spawn(Spawn.of("relay", () -> new Relay(entered, release)).onKernel(0));
        node.grant(relay, "next", sink, Cap.SEND);
        node.start();
        try {
            for (int i = 0; i < 3; i++) {
                node.tell(relay, "m" + i);
            }
            awaitRow(node, "SELECT received FROM components WHERE name = 'sink'", List.of(List.of(3L)));
            node.tell(relay, "block");
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the relay's handler runs");
            // Kernel 0 is inside the relay's handler now; a query that needed it would wait for it (and time out).
            // The event being handled is counted when its burst ends, so the relay has received 3 so far.
            final ResultTable r = LepusSql.query(node,
                "SELECT name, kernel, state, mailbox, received, sent, refused FROM components ORDER BY name");
            assertEquals(List.of(
                List.of("relay", 0L, "RUNNING", 0L, 3L, 3L, 0L),
                List.of("sink", 1L, "RUNNING", 0L, 3L, 0L, 0L)), r.rows());
            final ResultTable k = LepusSql.query(node, "SELECT kernel, components FROM kernels ORDER BY kernel");
            assertEquals(List.of(List.of(0L, 1L), List.of(1L, 1L)), k.rows());
        } finally {
            release.countDown();
            node.shutdown(0, "test done");
            node.stop();
        }
    }

    @Test
    @Timeout(30)
    void shouldCountRefusedSendsOfAComponent() throws Exception {
        final Node node = new Node(new NodeSettings().kernels(1));
        final Cap<Object> sink = node.spawn(Spawn.<Object>of("sink", () -> (ctx, m) -> ctx.stop()).onKernel(0));
        final Cap<Object> relay = node.spawn(Spawn.of("relay",
            () -> new Relay(new CountDownLatch(1), new CountDownLatch(0))).onKernel(0));
        node.grant(relay, "next", sink, Cap.SEND);
        node.start();
        try {
            node.tell(relay, "stop"); // the sink stops when it gets it
            awaitRow(node, "SELECT count(*) FROM components WHERE name = 'sink'", List.of(List.of(0L)));
            node.tell(relay, "after"); // refused: the sink stopped
            awaitRow(node, "SELECT sent, refused FROM components WHERE name = 'relay'", List.of(List.of(1L, 1L)));
        } finally {
            node.shutdown(0, "test done");
            node.stop();
        }
    }

    /** Polls a query until it gives {@code expected} (the kernels publish without a fence, so a reader may lag). */
    private static void awaitRow(final Node node, final String sql, final List<List<Object>> expected)
            throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<List<Object>> rows = LepusSql.query(node, sql).rows();
        while (!rows.equals(expected) && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
            rows = LepusSql.query(node, sql).rows();
        }
        assertEquals(expected, rows, sql);
    }
}
