package dev.lepus.kernel.agent;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs one {@link Agent} on its own platform thread until {@link #close()}.
 *
 * <p>Thread contract: {@link #start()} and {@link #close()} are threadsafe; the agent runs on the runner's thread.
 */
public final class AgentRunner implements AutoCloseable {

    private final Agent agent;
    private final IdleStrategy idle;
    private final Consumer<Throwable> errorHandler;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Creates a runner; the thread starts at {@link #start()}.
     *
     * @param agent the agent
     * @param idle the idle strategy
     * @param errorHandler receives what {@code doWork} throws; the loop goes on
     */
    public AgentRunner(final Agent agent, final IdleStrategy idle, final Consumer<Throwable> errorHandler) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.idle = Objects.requireNonNull(idle, "idle");
        this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
        // A CheckPointThread: check points in component code find the kernel's poller on it with no thread-local.
        this.thread = new dev.lepus.kernel.checkpoint.CheckPointThread(this::run, "lepus-" + agent.roleName());
    }

    /**
     * The runner's thread.
     *
     * @return the thread
     */
    public Thread thread() {
        return thread;
    }

    /** Starts the thread. */
    public void start() {
        thread.start();
    }

    private void run() {
        try {
            agent.onStart();
            while (running) {
                int work = 0;
                try {
                    work = agent.doWork();
                } catch (final Throwable t) {
                    errorHandler.accept(t);
                }
                idle.idle(work, agent);
            }
        } finally {
            agent.onClose();
        }
    }

    /** Asks the loop to end after its current cycle; does not wait. */
    public void stop() {
        running = false;
        agent.wakeUp();
    }

    /**
     * Stops the loop and waits for the thread to end.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void join() throws InterruptedException {
        thread.join();
    }

    /** Stops the loop and waits for the thread; an interrupt while waiting is kept as the interrupt status. */
    @Override
    public void close() {
        stop();
        try {
            join();
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
