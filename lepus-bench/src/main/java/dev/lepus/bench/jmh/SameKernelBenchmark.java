package dev.lepus.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.Kernel;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;

/**
 * Same-kernel messaging on a hand-stepped one-kernel node: a send through a cap (checks, mailbox enqueue, ready
 * queue) and its dispatch in the kernel's next duty cycle ({@link Kernel#doWork()}), with no thread but JMH's.
 *
 * <ul>
 *   <li>{@code sendDispatch}: one send, one duty cycle that delivers it.</li>
 *   <li>{@code sendDispatchBatch}: {@value #BATCH} sends, one duty cycle that delivers them all; per message.</li>
 *   <li>{@code callReply}: a send to an echo component, which replies; one duty cycle delivers both.</li>
 *   <li>{@code idleDutyCycle}: a duty cycle with nothing to do: the floor of every cycle.</li>
 * </ul>
 *
 * <p>The sends are made through the context of a driver component, captured at its start and used from the benchmark
 * method between duty cycles, on the kernel's own thread: a benchmark shortcut (a component uses its context only
 * inside its handlers), which measures exactly the send path a handler takes.
 *
 * <p>Thread contract: each JMH thread has its own node (Scope.Thread), bound to that thread in {@link #setUp()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseParallelGC")
public class SameKernelBenchmark {

    /** Messages per batch. */
    public static final int BATCH = 64;

    /**
     * A message.
     *
     * @param seq a number
     */
    public record Msg(long seq) {
    }

    private Node node;
    private Kernel kernel;
    private Context<Msg> driver;
    private Cap<Msg> sink;
    private Cap<Msg> echo;
    private long seq;

    /** Boots the node by hand: a driver, a sink and an echo component, all started; primes every path once. */
    @Setup
    public void setUp() {
        node = new Node(new NodeSettings().kernels(1).manual(true));
        kernel = node.kernels()[0];
        kernel.bindToCurrentThread();
        final List<Context<Msg>> contexts = new ArrayList<>();
        final Cap<Msg> d = node.spawn(Spawn.<Msg>of("driver", () -> new Driver(contexts)).onKernel(0));
        sink = node.spawn(Spawn.<Msg>of("sink", Sink::new).onKernel(0));
        echo = node.spawn(Spawn.<Msg>of("echo", Echo::new).onKernel(0));
        node.grant(echo, "peer", d);
        node.start();
        kernel.doWork();
        driver = contexts.getFirst();
        for (int i = 0; i < 10_000; i++) {
            sendDispatchBatch();
            callReply();
        }
    }

    /** Stops the node. */
    @TearDown
    public void tearDown() {
        node.close();
    }

    /**
     * One send and the duty cycle that delivers it.
     *
     * @return the work the cycle did
     */
    @Benchmark
    public int sendDispatch() {
        send(sink);
        return kernel.doWork();
    }

    /**
     * {@value #BATCH} sends and the one duty cycle that delivers them; the score is per message.
     *
     * @return the work the cycle did
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int sendDispatchBatch() {
        final Cap<Msg> to = sink;
        for (int i = 0; i < BATCH; i++) {
            send(to);
        }
        return kernel.doWork();
    }

    /**
     * A call and its reply: the echo component answers the driver; one duty cycle runs both handlers.
     *
     * @return the work the cycle did
     */
    @Benchmark
    public int callReply() {
        send(echo);
        return kernel.doWork();
    }

    /**
     * A duty cycle with nothing to do.
     *
     * @return the work the cycle did (0)
     */
    @Benchmark
    public int idleDutyCycle() {
        return kernel.doWork();
    }

    private void send(final Cap<Msg> to) {
        if (driver.send(to, new Msg(seq++)) != SendResult.OK) {
            throw new IllegalStateException("send refused");
        }
    }

    /** Hands its context to the benchmark at start; ignores the replies it gets. */
    static final class Driver implements Component<Msg> {
        private final List<Context<Msg>> contexts;

        Driver(final List<Context<Msg>> contexts) {
            this.contexts = contexts;
        }

        @Override
        public void onStart(final Context<Msg> ctx) {
            contexts.add(ctx);
        }

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
        }
    }

    /** Takes every message and does nothing. */
    static final class Sink implements Component<Msg> {
        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
        }
    }

    /** Sends every message back to the peer it was granted. */
    static final class Echo implements Component<Msg> {
        private Cap<Msg> peer;

        @Override
        public void onStart(final Context<Msg> ctx) {
            peer = ctx.granted("peer");
        }

        @Override
        public void onMessage(final Context<Msg> ctx, final Msg message) {
            ctx.send(peer, message);
        }
    }
}
