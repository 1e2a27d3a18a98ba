package dev.lepus.kernel.checkpoint;

/**
 * A platform thread whose check points are fast: {@link CheckPoint#poll()} finds the thread's {@link Poller} in a
 * field of the thread object, with no {@link ThreadLocal} lookup. Kernel runners create their kernel threads as
 * {@code CheckPointThread}s; code on any other thread pays a {@code ThreadLocal} lookup, and only while some thread
 * of that kind has a poller registered.
 *
 * <p>Thread contract: the poller field is written and read only by this thread itself (registration and check
 * points); nothing else about the thread differs from {@link Thread}.
 */
public class CheckPointThread extends Thread {

    /**
     * The poller registered on this thread, or null. Plain: written ({@link CheckPoint#register(Poller)},
     * {@link CheckPoint#unregister()}) and read ({@link CheckPoint#poll()}) only by this thread. The JIT may keep it in
     * a register across a loop; that is correct because only this thread changes it, and never inside the loop without
     * a call the JIT cannot see through.
     */
    Poller poller;

    /**
     * A new, unstarted thread.
     *
     * @param task what the thread runs
     * @param name the thread's name
     */
    public CheckPointThread(final Runnable task, final String name) {
        super(task, name);
    }
}
