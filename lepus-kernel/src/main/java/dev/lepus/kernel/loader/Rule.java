package dev.lepus.kernel.loader;

import java.util.Optional;
import java.util.Set;

import dev.lepus.api.ApiGroup;
import dev.lepus.kernel.KernelLevel;

/**
 * What the loader refuses in a component's bytecode. Some uses are allowed once the manifest declares an
 * {@link ApiGroup}, some only on kernels that give each handler its own stack (L3, L4), some never. See
 * {@code docs/loader.md} for the table of what each rule covers.
 *
 * <p>Thread contract: immutable and threadsafe.
 */
public enum Rule {

    /** Sockets and name resolution: {@code java.net}, socket channels, {@code jdk.net}. */
    NET("network use", ApiGroup.NET, null),
    /** Files: {@code java.io.File*}, {@code RandomAccessFile}, {@code java.nio.file}, file channels. */
    FS("file use", ApiGroup.FS, null),
    /** Creating or starting threads, executors, fork-join pools, asynchronous futures, parallel streams. */
    THREADS("thread use", ApiGroup.THREADS, KernelLevel.L3),
    /** Off-heap memory: {@code java.lang.foreign}, direct byte buffers. */
    MEMORY("off-heap memory", ApiGroup.MEMORY, null),
    /** {@code Context.after}, {@code every} and {@code cancel}. */
    TIMERS("timer use", ApiGroup.TIMERS, null),
    /** {@code Context.await}: a handler that suspends needs its own stack. */
    AWAIT("await", ApiGroup.AWAIT, KernelLevel.L3),
    /** Reflection, method handles, var handles, class loading, and unknown {@code invokedynamic} bootstraps. */
    REFLECTION("reflection", null, null),
    /**
     * Internal APIs: the JDK's {@code sun.*} and {@code jdk.internal.*} ({@code sun.misc.Unsafe} among them) and the
     * kernel's own {@code dev.lepus.kernel.*}; a component reaches the OS only through {@code dev.lepus.api}.
     */
    INTERNALS("internal API", null, null),
    /** Exiting or halting the JVM, starting processes, shutdown hooks, changing the JVM's global streams. */
    PROCESS_CONTROL("process control", null, null),
    /** Loading native libraries and declaring native methods. */
    NATIVE_CODE("native code", null, null),
    /** Reading a clock directly; a component reads time with {@code ctx.nowNs()}, which is journaled. */
    CLOCK("direct clock", null, null),
    /** Random numbers not from {@code ctx.random()}, which is seeded and journaled. */
    RANDOMNESS("direct randomness", null, null),
    /** Static state that can change: shared by every instance of the class on every kernel. */
    MUTABLE_STATIC("mutable static state", null, null),
    /** {@code synchronized} methods and blocks: a monitor held across a handler stalls a one-stack kernel. */
    MONITOR("monitor", null, KernelLevel.L3),
    /** Calls that park the calling thread: sleeping, waiting, locks, blocking queues, futures, latches. */
    BLOCKING_CALL("blocking call", null, KernelLevel.L3),
    /** A message protocol whose values are not deeply immutable, so they could not be shared or copied exactly. */
    MESSAGE_TYPE("mutable message type", null, null),
    /** A class file the Class-File API cannot read: nothing in it can be checked, so none of it is defined. */
    MALFORMED("malformed class file", null, null);

    private final String description;
    private final ApiGroup group;
    private final KernelLevel minimumLevel;

    Rule(final String description, final ApiGroup group, final KernelLevel minimumLevel) {
        this.description = description;
        this.group = group;
        this.minimumLevel = minimumLevel;
    }

    /**
     * What the rule refuses, for people: {@code "blocking call"}.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * The API group whose declaration allows what this rule refuses, if there is one.
     *
     * @return the group, or empty if no declaration allows it
     */
    public Optional<ApiGroup> group() {
        return Optional.ofNullable(group);
    }

    /**
     * The lowest kernel level on which what this rule refuses is allowed (given the group, if the rule has one).
     *
     * @return the level, or empty if the level does not matter ({@link #group()} decides) or nothing allows it
     */
    public Optional<KernelLevel> minimumLevel() {
        return Optional.ofNullable(minimumLevel);
    }

    /**
     * Whether a use this rule covers is allowed for a component that declares {@code declared}, on a kernel of
     * {@code level}.
     *
     * @param declared the API groups the manifest declares
     * @param level the level of the kernel
     * @return true if allowed
     */
    public boolean allows(final Set<ApiGroup> declared, final KernelLevel level) {
        if (group == null && minimumLevel == null) {
            return false;
        }
        final boolean groupOk = group == null || declared.contains(group);
        final boolean levelOk = minimumLevel == null || level.compareTo(minimumLevel) >= 0;
        return groupOk && levelOk;
    }

    /**
     * What would allow a use this rule covers, for refusal messages.
     *
     * @return for example {@code "declare THREADS, on kernel L3 or L4"}, or {@code "never allowed"}
     */
    public String allowedWhen() {
        if (group == null && minimumLevel == null) {
            return "never allowed";
        }
        final String levels = minimumLevel == null ? "" : "on kernel " + minimumLevel + (minimumLevel
            == KernelLevel.L4 ? "" : " or higher");
        if (group == null) {
            return "allowed " + levels;
        }
        return "allowed with " + group + " in @Manifest groups" + (levels.isEmpty() ? "" : ", " + levels);
    }
}
