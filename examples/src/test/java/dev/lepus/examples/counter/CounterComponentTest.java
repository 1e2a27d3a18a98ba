package dev.lepus.examples.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.lepus.api.Cap;
import dev.lepus.api.Spawn;
import dev.lepus.testkit.Probe;
import dev.lepus.testkit.TestNode;

/** The README's test, verbatim: the counter under a virtual clock. */
class CounterComponentTest {

    @Test
    void shouldCountOnePerSecondOfVirtualTime() {
        try (TestNode node = TestNode.withKernels(2)) {
            final Cap<Counter> counter = node.spawn(Spawn.of("counter", CounterComponent::new).onKernel(1));
            final Probe<Long> probe = node.probe("probe");
            node.advance(Duration.ofSeconds(3));
            node.tell(counter, new Counter.Get(probe.cap()));
            node.runUntilIdle();
            assertEquals(3L, probe.expectOne());
        }
    }
}
