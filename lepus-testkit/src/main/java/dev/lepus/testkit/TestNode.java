package dev.lepus.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import dev.lepus.api.Cap;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.ExitStatus;
import dev.lepus.kernel.Kernel;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.kernel.ShutdownReport;
import dev.lepus.kernel.clock.ManualClock;

/**
 * A node whose kernels are stepped by the test's own thread under a virtual clock. Every kernel runs the production
 * duty cycle; only who calls it and what the clock says differ. Nothing sleeps: {@link #runUntilIdle()} steps until
 * no kernel has work, and {@link #advance(Duration)} moves time from timer deadline to timer deadline.
 *
 * <pre>
 * try (TestNode node = TestNode.withKernels(2)) {
 *     Cap&lt;Counter&gt; counter = node.spawn(Spawn.of("counter", CounterComponent::new).onKernel(1));
 *     Probe&lt;Total&gt; probe = node.probe("probe");
 *     node.tell(counter, new Counter.Get(probe.cap()));
 *     node.runUntilIdle();
 *     assertEquals(new Total(0), probe.expectOne());
 * }
 * </pre>
 *
 * <p>Thread contract: not threadsafe; use it from the test's thread only.
 */
public final class TestNode implements AutoCloseable {

    /** The most duty cycles {@link #runUntilIdle()} runs before it declares a livelock. */
    public static final long DEFAULT_MAX_CYCLES = 50_000_000L;

    private final Node node;
    private final ManualClock clock;
    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    private long maxCycles = DEFAULT_MAX_CYCLES;

    /**
     * A test node; the settings' clock and console are replaced by a virtual clock at 0 and a captured console, and
     * manual mode is forced.
     *
     * @param settings the settings
     */
    public TestNode(final NodeSettings settings) {
        this.clock = new ManualClock(0);
        settings.manual(true).clock(clock)
            .console(new PrintStream(consoleBytes, true, StandardCharsets.UTF_8));
        this.node = new Node(settings);
        for (final Kernel k : node.kernels()) {
            k.bindToCurrentThread();
        }
        node.start();
    }

    /**
     * A test node with {@code kernels} kernels and default settings.
     *
     * @param kernels the number of kernels
     * @return the node
     */
    public static TestNode withKernels(final int kernels) {
        return new TestNode(new NodeSettings().kernels(kernels));
    }

    /**
     * Wraps a node built elsewhere (for example by {@code SystemBoot} with {@code manual(true)} and a
     * {@link ManualClock}).
     *
     * @param node the node, in manual mode
     * @param clock its clock
     */
    public TestNode(final Node node, final ManualClock clock) {
        this.node = node;
        this.clock = clock;
        for (final Kernel k : node.kernels()) {
            k.bindToCurrentThread();
        }
        node.start();
    }

    /**
     * The node.
     *
     * @return the node
     */
    public Node node() {
        return node;
    }

    /**
     * Spawns a root component.
     *
     * @param spec what and where
     * @param <Q> the protocol
     * @return its cap
     */
    public <Q> Cap<Q> spawn(final Spawn<Q> spec) {
        return node.spawn(spec);
    }

    /**
     * Gives {@code holder}, under a local name, a cap derived from {@code target} with {@code rights}.
     *
     * @param holder the component that receives it ({@code ctx.granted(name)})
     * @param name the local name
     * @param target the cap to derive from
     * @param rights the rights, a subset of the target's
     * @return the derived cap
     */
    public Cap<?> grant(final Cap<?> holder, final String name, final Cap<?> target, final int rights) {
        return node.grant(holder, name, target, rights);
    }

    /**
     * Spawns a probe: a component on kernel 0 that records every message it receives.
     *
     * @param name the probe's name
     * @param <T> the message type
     * @return the probe
     */
    public <T> Probe<T> probe(final String name) {
        return probe(name, 0);
    }

    /**
     * Spawns a probe on a kernel.
     *
     * @param name the probe's name
     * @param kernel the kernel index
     * @param <T> the message type
     * @return the probe
     */
    public <T> Probe<T> probe(final String name, final int kernel) {
        final Probe<T> probe = new Probe<>();
        probe.cap = node.spawn(Spawn.<T>of(name, probe::component).onKernel(kernel));
        return probe;
    }

    /**
     * Sends a message from outside; it arrives at the next step.
     *
     * @param to the receiver
     * @param message the message
     * @param <Q> the protocol
     */
    public <Q> void tell(final Cap<Q> to, final Q message) {
        node.tell(to, message);
    }

    /**
     * Steps every kernel, round-robin, until a whole round does no work or the system asks to shut down.
     *
     * @return the duty cycles that did work
     * @throws IllegalStateException if the kernels never become idle (a livelock), after {@link #maxCycles(long)}
     */
    public long runUntilIdle() {
        final Kernel[] kernels = node.kernels();
        long busy = 0;
        for (long cycle = 0; cycle < maxCycles; cycle++) {
            int work = 0;
            for (final Kernel k : kernels) {
                work += k.doWork();
            }
            if (work == 0 || node.exitStatus() != null) {
                return busy;
            }
            busy++;
        }
        throw new IllegalStateException("kernels still busy after " + maxCycles + " rounds: a livelock?");
    }

    /**
     * Steps until {@code condition} holds, or fails when the kernels go idle first.
     *
     * @param condition what to wait for
     * @throws AssertionError if the kernels become idle while the condition is false
     */
    public void runUntil(final BooleanSupplier condition) {
        final Kernel[] kernels = node.kernels();
        for (long cycle = 0; cycle < maxCycles; cycle++) {
            if (condition.getAsBoolean()) {
                return;
            }
            int work = 0;
            for (final Kernel k : kernels) {
                work += k.doWork();
            }
            if (work == 0 && !condition.getAsBoolean()) {
                throw new AssertionError("the kernels became idle before the condition held");
            }
        }
        throw new IllegalStateException("condition not met after " + maxCycles + " rounds");
    }

    /**
     * Moves virtual time forward by {@code delta}, stopping at every timer deadline on the way and running the
     * kernels until idle there, so timers fire at their exact time and in order.
     *
     * @param delta how far
     */
    public void advance(final Duration delta) {
        final long target = clock.nanoTime() + delta.toNanos();
        runUntilIdle();
        while (node.exitStatus() == null) {
            long next = Long.MAX_VALUE;
            for (final Kernel k : node.kernels()) {
                next = Math.min(next, k.earliestTimerNs());
            }
            if (next == Long.MAX_VALUE || next - target > 0) {
                break;
            }
            if (next - clock.nanoTime() > 0) {
                clock.set(next);
            }
            runUntilIdle();
        }
        if (target - clock.nanoTime() > 0) { // handlers that simulate work may have moved the clock past it
            clock.set(target);
        }
        runUntilIdle();
    }

    /**
     * The virtual clock, for components that simulate work by moving it from inside a handler.
     *
     * @return the clock
     */
    public ManualClock clock() {
        return clock;
    }

    /**
     * The virtual time.
     *
     * @return nanoseconds since the node was made
     */
    public long nowNs() {
        return clock.nanoTime();
    }

    /**
     * Sets the livelock limit of {@link #runUntilIdle()}.
     *
     * @param cycles rounds
     * @return this
     */
    public TestNode maxCycles(final long cycles) {
        maxCycles = cycles;
        return this;
    }

    /**
     * How the system ended, if it asked to.
     *
     * @return the status, or null while it runs
     */
    public ExitStatus exitStatus() {
        return node.exitStatus();
    }

    /**
     * What components logged and the node reported so far.
     *
     * @return the console text
     */
    public String console() {
        return consoleBytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Stops the node and counts what was left.
     *
     * @return the report
     */
    public ShutdownReport stop() {
        try {
            return node.stop();
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
