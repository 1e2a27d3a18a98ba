package dev.lepus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lepus.api.Cap;
import dev.lepus.api.Spawn;
import dev.lepus.testkit.TestNode;

/** The system state as rows, as the SQL tables read it. */
class SystemStateTest {

    @Test
    void shouldDescribeKernelsComponentsCapsChannelsAndTimers() throws Exception {
        try (TestNode node = TestNode.withKernels(2)) {
            final Cap<Object> a = node.spawn(Spawn.<Object>of("a", () -> (ctx, m) -> { }).onKernel(0).priority(3));
            final Cap<Object> b = node.spawn(Spawn.<Object>of("b", () -> (ctx, m) -> { }).onKernel(1));
            node.grant(a, "b", b, Cap.SEND);
            node.runUntilIdle();
            node.tell(a, "one");
            node.tell(a, "two");
            node.runUntilIdle();
            final SystemState s = node.node().state();
            assertEquals(List.of(0, 1), s.kernels().stream().map(SystemState.KernelRow::kernel).toList());
            assertEquals("L1", s.kernels().get(0).level());
            assertEquals(2, s.kernels().get(0).delivered(), "a got two messages");
            final SystemState.ComponentRow ra = s.components().stream().filter(c -> c.name().equals("a")).findFirst()
                .orElseThrow();
            assertEquals(0, ra.kernel());
            assertEquals(3, ra.priority());
            assertEquals("RUNNING", ra.state());
            assertEquals(0, ra.mailbox());
            assertEquals(2, ra.received(), "a's own count of its events");
            assertEquals(-1, ra.handlerNs(), "no budget, no handler time");
            assertTrue(s.caps().stream().anyMatch(c -> c.holder().equals("a") && c.target().equals("b")),
                s.caps().toString());
            assertEquals(2, s.channels().size(), "0 to 1 and 1 to 0");
            assertEquals(2, s.timers().size());
        }
    }
}
