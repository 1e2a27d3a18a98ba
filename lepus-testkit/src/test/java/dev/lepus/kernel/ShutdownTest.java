package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Spawn;
import dev.lepus.testkit.TestNode;

/** How a system ends: shutdown with a code, all components stopped, and the report of what was left. */
class ShutdownTest {

    @Test
    void shouldEndWithTheCodeAComponentAsksFor() {
        try (TestNode node = TestNode.withKernels(2)) {
            final Cap<Msg> c = node.spawn(Spawn.<Msg>of("quitter", () -> new Component<Msg>() {
                @Override
                public void onMessage(final Context<Msg> ctx, final Msg m) {
                    ctx.shutdown(3);
                }
            }).onKernel(1));
            node.tell(c, new Msg.N(0));
            node.runUntilIdle();
            assertEquals(3, node.exitStatus().code());
            assertTrue(node.exitStatus().reason().contains("quitter"));
        }
    }

    @Test
    void shouldEndWhenEveryComponentHasStoppedAndCallOnStop() {
        final AtomicInteger stops = new AtomicInteger();
        try (TestNode node = TestNode.withKernels(2)) {
            for (int k = 0; k < 2; k++) {
                node.spawn(Spawn.<Msg>of("c" + k, () -> new Component<Msg>() {
                    @Override
                    public void onStart(final Context<Msg> ctx) {
                        ctx.stop();
                    }

                    @Override
                    public void onMessage(final Context<Msg> ctx, final Msg m) {
                    }

                    @Override
                    public void onStop(final Context<Msg> ctx) {
                        stops.incrementAndGet();
                    }
                }).onKernel(k));
            }
            node.runUntilIdle();
            assertNotNull(node.exitStatus());
            assertEquals(0, node.exitStatus().code());
            assertEquals(2, stops.get());
        }
    }

    @Test
    @Timeout(30)
    void shouldStopKernelThreadsAndCallOnStopOfRunningComponents() throws InterruptedException {
        final AtomicInteger stops = new AtomicInteger();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Node node = new Node(new NodeSettings().kernels(2)
            .console(new PrintStream(out, true, StandardCharsets.UTF_8)));
        for (int k = 0; k < 2; k++) {
            node.spawn(Spawn.<Msg>of("idle" + k, () -> new Component<Msg>() {
                @Override
                public void onMessage(final Context<Msg> ctx, final Msg m) {
                    if (m instanceof Msg.N n && n.n() == 42) {
                        ctx.shutdown(0);
                    }
                }

                @Override
                public void onStop(final Context<Msg> ctx) {
                    stops.incrementAndGet();
                }
            }).onKernel(k));
        }
        final Cap<Msg> first = node.spawn(Spawn.<Msg>of("trigger", () -> new Component<Msg>() {
            @Override
            public void onMessage(final Context<Msg> ctx, final Msg m) {
                ctx.shutdown(0);
            }
        }).onKernel(1));
        node.start();
        node.tell(first, new Msg.N(1));
        assertEquals(0, node.awaitExit(Duration.ofSeconds(20)).code());
        final ShutdownReport report = node.stop();
        assertEquals(2, stops.get());
        assertEquals(0, report.undeliveredInChannels());
        assertTrue(report.describe().contains("exit 0"), report.describe());
    }
}
