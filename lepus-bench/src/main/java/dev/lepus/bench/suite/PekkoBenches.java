package dev.lepus.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The Pekko side: the same workloads as the Lepus side, written as Pekko typed actors in the plain style of the Pekko
 * documentation, measured the same way (the clock is read inside the actors, after the actor system started, over the
 * same counts and warm-up fractions).
 *
 * <p>Thread contract: called from the harness thread; each measurement starts and terminates its own actor system.
 */
final class PekkoBenches {

    /**
     * The default dispatcher (a fork-join executor) limited to exactly one thread: the peer of one Lepus kernel. Of
     * the one-thread set-ups we tried it is Pekko's fastest: a {@code thread-pool-executor} with
     * {@code fixed-pool-size = 1} made about 25% fewer round trips per second here.
     */
    private static final Config ONE_THREAD = ConfigFactory.parseString("""
        pekko.loglevel = "WARNING"
        pekko.stdout-loglevel = "WARNING"
        pekko.actor.default-dispatcher {
          executor = "fork-join-executor"
          fork-join-executor { parallelism-min = 1, parallelism-factor = 1.0, parallelism-max = 1 }
        }
        """).withFallback(ConfigFactory.load());

    /** Pekko's default dispatcher, as shipped (a fork-join pool, at least 8 threads). */
    private static final Config DEFAULT = ConfigFactory.parseString("""
        pekko.loglevel = "WARNING"
        pekko.stdout-loglevel = "WARNING"
        """).withFallback(ConfigFactory.load());

    private PekkoBenches() {
    }

    /**
     * Starts an actor system, waits for the guardian to complete the future, and terminates the system.
     *
     * @param config the configuration
     * @param guardian makes the guardian behavior, given the future it completes with the result
     * @return the result
     */
    private static long[] run(final Config config,
            final Function<CompletableFuture<long[]>, Behavior<Object>> guardian) {
        final CompletableFuture<long[]> done = new CompletableFuture<>();
        final ActorSystem<Object> system = ActorSystem.create(guardian.apply(done), "bench", config);
        try {
            return done.get(LepusRun.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        } catch (final Exception ex) {
            throw new IllegalStateException("the Pekko benchmark failed", ex);
        } finally {
            terminate(system);
        }
    }

    private static void terminate(final ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(1, TimeUnit.MINUTES);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (final Exception ex) {
            throw new IllegalStateException("the actor system did not terminate", ex);
        }
    }

    // ---------------------------------------------------------------- ping-pong

    /**
     * The ball, with its return address, as Pekko's request-reply pattern has it.
     *
     * @param seq the round
     * @param replyTo where it goes back
     */
    record Ball(long seq, ActorRef<Ball> replyTo) {
    }

    /**
     * Call and reply between two actors on a dispatcher of one thread; as {@link PingPong#sameKernel}.
     *
     * @param scale 1 for quick, larger for a full run
     * @return round trips per second
     */
    static Measurement pingPongOneThread(final int scale) {
        final long rounds = 2_000_000L * scale;
        final long warmup = rounds / 10;
        final long[] r = run(ONE_THREAD, done -> Behaviors.setup(ctx -> {
            final ActorRef<Ball> pong = ctx.spawn(Behaviors.receive(Ball.class)
                .onMessage(Ball.class, b -> {
                    b.replyTo().tell(b);
                    return Behaviors.same();
                }).build(), "pong");
            ctx.spawn(Behaviors.<Ball>setup(pctx -> {
                final ActorRef<Ball> self = pctx.getSelf();
                final long[] startNs = new long[1];
                pong.tell(new Ball(0, self));
                return Behaviors.receive(Ball.class).onMessage(Ball.class, b -> {
                    final long next = b.seq() + 1;
                    if (next == warmup) {
                        startNs[0] = System.nanoTime();
                    }
                    if (next < rounds) {
                        pong.tell(new Ball(next, self));
                    } else {
                        done.complete(new long[] {System.nanoTime() - startNs[0], rounds - warmup});
                    }
                    return Behaviors.same();
                }).build();
            }), "ping");
            return Behaviors.empty();
        }));
        return Measurement.rate(r[1], r[0], "round-trips/s");
    }

    // ---------------------------------------------------------------- fan-out

    /**
     * The fan-out messages.
     *
     * @param kind {@link #ITEM}, {@link #DONE}, {@link #GO} or {@link #COUNT}
     * @param value the payload, or a count
     */
    record F(int kind, long value) {
        static final int ITEM = 0;
        static final int DONE = 1;
        static final int GO = 2;
        static final int COUNT = 3;
    }

    /**
     * {@link Fanout} in Pekko on the default dispatcher: a guardian spawns {@link Fanout#WORKERS} workers and two
     * sources that send round-robin in bursts of {@link OneWay#BURST}, re-telling themselves to go on; each worker
     * reports its count after both sources said done.
     *
     * @param scale 1 for quick, 5 for a full run
     * @return messages per second
     */
    static Measurement fanout(final int scale) {
        final long messages = 2_000_000L * scale;
        final int workers = Fanout.WORKERS;
        final int sources = 2;
        final long[] r = run(DEFAULT, done -> Behaviors.setup(ctx -> {
            final long startNs = System.nanoTime();
            final long[] reported = new long[2]; // reports, items
            final ActorRef<F> coordinator = ctx.spawn(Behaviors.receive(F.class).onMessage(F.class, f -> {
                reported[1] += f.value();
                if (++reported[0] == workers) {
                    if (reported[1] != messages) {
                        done.completeExceptionally(new IllegalStateException("received " + reported[1]
                            + " of " + messages));
                    }
                    done.complete(new long[] {System.nanoTime() - startNs, messages});
                }
                return Behaviors.same();
            }).build(), "coordinator");
            final List<ActorRef<F>> ws = new ArrayList<>(workers);
            for (int i = 0; i < workers; i++) {
                ws.add(ctx.spawn(Behaviors.setup(wctx -> {
                    final long[] state = new long[2]; // items, done markers
                    return Behaviors.receive(F.class).onMessage(F.class, f -> {
                        if (f.kind() == F.ITEM) {
                            state[0]++;
                        } else if (++state[1] == sources) {
                            coordinator.tell(new F(F.COUNT, state[0]));
                        }
                        return Behaviors.same();
                    }).build();
                }), "worker-" + i));
            }
            for (int s = 0; s < sources; s++) {
                final long share = messages / sources + (s < messages % sources ? 1 : 0);
                final int offset = s;
                ctx.spawn(Behaviors.<F>setup(sctx -> {
                    final long[] sent = new long[1];
                    sctx.getSelf().tell(new F(F.GO, 0));
                    return Behaviors.receive(F.class).onMessage(F.class, f -> {
                        int budget = OneWay.BURST;
                        while (sent[0] < share && budget-- > 0) {
                            ws.get((int) ((sent[0] + offset) % workers)).tell(new F(F.ITEM, sent[0]));
                            sent[0]++;
                        }
                        if (sent[0] < share) {
                            sctx.getSelf().tell(new F(F.GO, 0));
                        } else {
                            for (final ActorRef<F> w : ws) {
                                w.tell(new F(F.DONE, 0));
                            }
                        }
                        return Behaviors.same();
                    }).build();
                }), "source-" + s);
            }
            return Behaviors.empty();
        }));
        return Measurement.rate(r[1], r[0], "msg/s");
    }

    // ---------------------------------------------------------------- spawning

    /**
     * The time per spawn on a one-thread dispatcher: a guardian spawns {@code 100,000 * scale} children; the clock
     * stops when the last child's setup ran; as {@link Spawning#spawn}.
     *
     * @param scale 1 for quick, larger for a full run
     * @return nanoseconds per spawned and started actor
     */
    static Measurement spawn(final int scale) {
        final int n = 100_000 * scale;
        final long[] r = run(ONE_THREAD, done -> Behaviors.setup(ctx -> {
            final AtomicInteger started = new AtomicInteger();
            final long[] startNs = new long[1];
            final Behavior<Object> child = Behaviors.setup(c -> {
                if (started.incrementAndGet() == n) {
                    done.complete(new long[] {System.nanoTime() - startNs[0], n});
                }
                return Behaviors.empty();
            });
            startNs[0] = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ctx.spawnAnonymous(child);
            }
            return Behaviors.empty();
        }));
        return Measurement.per(r[0], r[1], "ns");
    }

    /**
     * The heap per idle actor: {@value Spawning#IDLE_COMPONENTS} actors that accept any message and do nothing,
     * measured after full collections before and after; as {@link Spawning#bytesPerComponent}.
     *
     * @param scale ignored: the count is fixed
     * @return bytes per idle actor
     */
    static Measurement bytesPerActor(final int scale) {
        final int n = Spawning.IDLE_COMPONENTS;
        final CompletableFuture<Integer> spawned = new CompletableFuture<>();
        final AtomicInteger started = new AtomicInteger();
        final Behavior<Object> idle = Behaviors.receive(Object.class).onAnyMessage(x -> Behaviors.same()).build();
        final Behavior<Object> child = Behaviors.setup(c -> {
            if (started.incrementAndGet() == n) {
                spawned.complete(n);
            }
            return idle;
        });
        final CompletableFuture<Boolean> ready = new CompletableFuture<>();
        final ActorSystem<Object> system = ActorSystem.create(Behaviors.<Object>setup(ctx -> {
            ready.complete(true);
            return Behaviors.receive(Object.class).onAnyMessage(m -> {
                for (int i = 0; i < n; i++) {
                    ctx.spawnAnonymous(child);
                }
                return Behaviors.same();
            }).build();
        }), "bytes", ONE_THREAD);
        try {
            ready.get(LepusRun.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            final long before = Heap.used();
            system.tell("spawn");
            spawned.get(LepusRun.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            final long after = Heap.used();
            return Measurement.per(after - before, n, "bytes");
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        } catch (final Exception ex) {
            throw new IllegalStateException("the Pekko benchmark failed", ex);
        } finally {
            terminate(system);
        }
    }
}
