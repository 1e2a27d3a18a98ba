package dev.lepus.kernel.loader;

import static dev.lepus.kernel.loader.Rule.AWAIT;
import static dev.lepus.kernel.loader.Rule.BLOCKING_CALL;
import static dev.lepus.kernel.loader.Rule.CLOCK;
import static dev.lepus.kernel.loader.Rule.FS;
import static dev.lepus.kernel.loader.Rule.INTERNALS;
import static dev.lepus.kernel.loader.Rule.MEMORY;
import static dev.lepus.kernel.loader.Rule.NATIVE_CODE;
import static dev.lepus.kernel.loader.Rule.NET;
import static dev.lepus.kernel.loader.Rule.PROCESS_CONTROL;
import static dev.lepus.kernel.loader.Rule.RANDOMNESS;
import static dev.lepus.kernel.loader.Rule.REFLECTION;
import static dev.lepus.kernel.loader.Rule.THREADS;
import static dev.lepus.kernel.loader.Rule.TIMERS;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The table of platform members the rules refuse: which class, member name and descriptor each rule covers. A
 * reference matches an entry when the trusted class it lands on (see {@link Hierarchy#landing}) matches the entry's
 * class, or, for entries marked inherited, when any supertype of that class does. Exemptions take a class back out
 * of a rule ({@code java.net.URI} is a value, not network use).
 *
 * <p>Patterns: a class pattern ending in {@code /} is a package and its sub-packages; otherwise {@code *} matches
 * within one name segment. In member names and descriptors {@code *} matches anything.
 *
 * <p>Thread contract: immutable and threadsafe.
 */
final class ReferenceRules {

    private record Entry(Rule rule, Pattern owner, Pattern name, Pattern descriptor, boolean inherited,
            boolean exempt) {

        boolean matches(final String owner, final String name, final String descriptor) {
            return this.owner.matcher(owner).matches() && this.name.matcher(name).matches()
                && this.descriptor.matcher(descriptor).matches();
        }
    }

    private static final List<Entry> ENTRIES = List.of(
        // Network: NET.
        on(NET, "java/net/", "*"),
        exempt(NET, "java/net/URI"),
        exempt(NET, "java/net/URLEncoder"),
        exempt(NET, "java/net/URLDecoder"),
        on(NET, "java/nio/channels/*Socket*", "*"),
        on(NET, "java/nio/channels/*Selector*", "*"),
        on(NET, "jdk/net/", "*"),
        // Files: FS.
        on(FS, "java/io/File*", "*"),
        on(FS, "java/io/RandomAccessFile", "*"),
        on(FS, "java/nio/file/", "*"),
        on(FS, "java/nio/channels/FileChannel", "*"),
        on(FS, "java/nio/channels/AsynchronousFileChannel", "*"),
        ctor(FS, "java/io/PrintStream", "(Ljava/lang/String;*"),
        ctor(FS, "java/io/PrintWriter", "(Ljava/lang/String;*"),
        ctor(FS, "java/util/Formatter", "(Ljava/lang/String;*"),
        // Threads: THREADS, on L3 and L4.
        ctor(THREADS, "java/lang/Thread", "*"),
        inherited(THREADS, "java/lang/Thread", "start"),
        on(THREADS, "java/lang/Thread", "ofPlatform"),
        on(THREADS, "java/lang/Thread", "ofVirtual"),
        on(THREADS, "java/lang/Thread", "startVirtualThread"),
        on(THREADS, "java/lang/Thread$Builder*", "*"),
        on(THREADS, "java/lang/ThreadGroup", "*"),
        on(THREADS, "java/util/concurrent/Executors", "*"),
        inherited(THREADS, "java/util/concurrent/Executor", "*"),
        on(THREADS, "java/util/concurrent/ThreadPoolExecutor", "*"),
        on(THREADS, "java/util/concurrent/ScheduledThreadPoolExecutor", "*"),
        on(THREADS, "java/util/concurrent/ForkJoinPool", "*"),
        inherited(THREADS, "java/util/concurrent/ForkJoinTask", "fork"),
        inherited(THREADS, "java/util/concurrent/CompletionStage", "*Async"),
        on(THREADS, "java/util/concurrent/CompletableFuture", "*Async"),
        inherited(THREADS, "java/util/concurrent/ThreadFactory", "*"),
        on(THREADS, "java/util/concurrent/StructuredTaskScope*", "*"),
        on(THREADS, "java/util/Timer", "*"),
        inherited(THREADS, "java/util/Collection", "parallelStream"),
        inherited(THREADS, "java/util/stream/BaseStream", "parallel"),
        on(THREADS, "java/util/Arrays", "parallel*"),
        // Off-heap memory: MEMORY.
        on(MEMORY, "java/lang/foreign/", "*"),
        on(MEMORY, "java/nio/ByteBuffer", "allocateDirect"),
        // Timers: TIMERS.
        inherited(TIMERS, "dev/lepus/api/Context", "after"),
        inherited(TIMERS, "dev/lepus/api/Context", "every"),
        inherited(TIMERS, "dev/lepus/api/Context", "cancel"),
        // Await: AWAIT, on L3 and L4.
        inherited(AWAIT, "dev/lepus/api/Context", "await"),
        // Reflection, method handles, class loading: never.
        on(REFLECTION, "java/lang/reflect/", "*"),
        on(REFLECTION, "java/lang/Class", "forName"),
        on(REFLECTION, "java/lang/Class", "getDeclared*"),
        on(REFLECTION, "java/lang/Class", "getMethod*"),
        on(REFLECTION, "java/lang/Class", "getField*"),
        on(REFLECTION, "java/lang/Class", "getConstructor*"),
        on(REFLECTION, "java/lang/Class", "getEnclosingMethod"),
        on(REFLECTION, "java/lang/Class", "getEnclosingConstructor"),
        on(REFLECTION, "java/lang/Class", "getRecordComponents"),
        on(REFLECTION, "java/lang/Class", "newInstance"),
        on(REFLECTION, "java/lang/Class", "getClassLoader"),
        on(REFLECTION, "java/lang/Class", "getProtectionDomain"),
        inherited(REFLECTION, "java/lang/ClassLoader", "*"),
        on(REFLECTION, "java/lang/Module", "*"),
        on(REFLECTION, "java/lang/ModuleLayer*", "*"),
        on(REFLECTION, "java/lang/instrument/", "*"),
        on(REFLECTION, "java/lang/invoke/MethodHandles", "*"),
        on(REFLECTION, "java/lang/invoke/MethodHandles$Lookup", "*"),
        inherited(REFLECTION, "java/lang/invoke/MethodHandle", "*"),
        on(REFLECTION, "java/lang/invoke/VarHandle", "*"),
        on(REFLECTION, "java/lang/invoke/MethodHandleProxies", "*"),
        // Internal APIs of the JDK and of the kernel: never.
        on(INTERNALS, "sun/", "*"),
        on(INTERNALS, "jdk/internal/", "*"),
        on(INTERNALS, "dev/lepus/kernel/", "*"),
        // Process control: never.
        on(PROCESS_CONTROL, "java/lang/System", "exit"),
        on(PROCESS_CONTROL, "java/lang/System", "setIn"),
        on(PROCESS_CONTROL, "java/lang/System", "setOut"),
        on(PROCESS_CONTROL, "java/lang/System", "setErr"),
        on(PROCESS_CONTROL, "java/lang/System", "setProperty"),
        on(PROCESS_CONTROL, "java/lang/System", "setProperties"),
        on(PROCESS_CONTROL, "java/lang/System", "clearProperty"),
        on(PROCESS_CONTROL, "java/lang/Runtime", "exit"),
        on(PROCESS_CONTROL, "java/lang/Runtime", "halt"),
        on(PROCESS_CONTROL, "java/lang/Runtime", "exec"),
        on(PROCESS_CONTROL, "java/lang/Runtime", "addShutdownHook"),
        on(PROCESS_CONTROL, "java/lang/Runtime", "removeShutdownHook"),
        on(PROCESS_CONTROL, "java/lang/ProcessBuilder*", "*"),
        inherited(PROCESS_CONTROL, "java/lang/Process", "*"),
        inherited(PROCESS_CONTROL, "java/lang/ProcessHandle*", "*"),
        // Native code: never.
        on(NATIVE_CODE, "java/lang/System", "load"),
        on(NATIVE_CODE, "java/lang/System", "loadLibrary"),
        on(NATIVE_CODE, "java/lang/Runtime", "load"),
        on(NATIVE_CODE, "java/lang/Runtime", "loadLibrary"),
        // Clocks: never; ctx.nowNs() is journaled.
        on(CLOCK, "java/lang/System", "currentTimeMillis"),
        on(CLOCK, "java/lang/System", "nanoTime"),
        on(CLOCK, "java/time/", "now"),
        on(CLOCK, "java/time/Clock", "system*"),
        on(CLOCK, "java/time/InstantSource", "system"),
        ctor(CLOCK, "java/util/Date", "()V"),
        on(CLOCK, "java/util/Calendar", "getInstance"),
        ctor(CLOCK, "java/util/GregorianCalendar", "()V"),
        ctor(CLOCK, "java/util/GregorianCalendar", "(Ljava/util/*"),
        // Randomness: never; ctx.random() is seeded and journaled.
        inherited(RANDOMNESS, "java/util/Random", "*"),
        on(RANDOMNESS, "java/util/concurrent/ThreadLocalRandom", "*"),
        on(RANDOMNESS, "java/util/SplittableRandom", "*"),
        on(RANDOMNESS, "java/security/SecureRandom*", "*"),
        on(RANDOMNESS, "java/util/random/", "*"),
        inherited(RANDOMNESS, "java/util/random/RandomGenerator", "*"),
        on(RANDOMNESS, "java/lang/Math", "random"),
        on(RANDOMNESS, "java/lang/StrictMath", "random"),
        on(RANDOMNESS, "java/util/UUID", "randomUUID"),
        member(RANDOMNESS, "java/util/Collections", "shuffle", "(Ljava/util/List;)V", false),
        // Blocking: on L3 and L4 only.
        on(BLOCKING_CALL, "java/lang/Thread", "sleep"),
        inherited(BLOCKING_CALL, "java/lang/Thread", "join"),
        inherited(BLOCKING_CALL, "java/lang/Object", "wait"),
        on(BLOCKING_CALL, "java/util/concurrent/locks/", "*"),
        inherited(BLOCKING_CALL, "java/util/concurrent/locks/Lock", "*"),
        inherited(BLOCKING_CALL, "java/util/concurrent/locks/Condition", "*"),
        inherited(BLOCKING_CALL, "java/util/concurrent/BlockingQueue", "take*"),
        inherited(BLOCKING_CALL, "java/util/concurrent/BlockingQueue", "put*"),
        member(BLOCKING_CALL, "java/util/concurrent/BlockingQueue", "poll*", "*Ljava/util/concurrent/TimeUnit;)*",
            true),
        member(BLOCKING_CALL, "java/util/concurrent/BlockingQueue", "offer*", "*Ljava/util/concurrent/TimeUnit;)*",
            true),
        inherited(BLOCKING_CALL, "java/util/concurrent/TransferQueue", "transfer"),
        inherited(BLOCKING_CALL, "java/util/concurrent/Future", "get"),
        inherited(BLOCKING_CALL, "java/util/concurrent/CompletableFuture", "join"),
        inherited(BLOCKING_CALL, "java/util/concurrent/ForkJoinTask", "join"),
        inherited(BLOCKING_CALL, "java/util/concurrent/ForkJoinTask", "invoke*"),
        on(BLOCKING_CALL, "java/util/concurrent/CountDownLatch", "await"),
        on(BLOCKING_CALL, "java/util/concurrent/CyclicBarrier", "await"),
        on(BLOCKING_CALL, "java/util/concurrent/Semaphore", "acquire*"),
        on(BLOCKING_CALL, "java/util/concurrent/Phaser", "*wait*"),
        on(BLOCKING_CALL, "java/util/concurrent/Exchanger", "exchange"),
        on(BLOCKING_CALL, "java/util/concurrent/TimeUnit", "sleep"),
        on(BLOCKING_CALL, "java/util/concurrent/TimeUnit", "timed*"),
        inherited(BLOCKING_CALL, "java/util/concurrent/ExecutorService", "awaitTermination"),
        inherited(BLOCKING_CALL, "java/util/concurrent/ExecutorService", "invokeA*"),
        inherited(BLOCKING_CALL, "java/util/concurrent/ExecutorService", "close"));

    private ReferenceRules() {
    }

    /**
     * The rules a reference breaks.
     *
     * @param hierarchy where to find supertypes
     * @param landing the trusted classes the reference lands on ({@link Hierarchy#landing})
     * @param name the member's name
     * @param descriptor the member's descriptor
     * @return the rules, possibly none
     */
    static Set<Rule> match(final Hierarchy hierarchy, final Set<String> landing, final String name,
            final String descriptor) {
        final Set<Rule> rules = EnumSet.noneOf(Rule.class);
        for (final String owner : landing) {
            final Set<String> supertypes = hierarchy.trustedSupertypes(owner);
            for (final Entry e : ENTRIES) {
                if (e.exempt() || rules.contains(e.rule())) {
                    continue;
                }
                boolean hit = e.matches(owner, name, descriptor);
                if (!hit && e.inherited()) {
                    for (final String s : supertypes) {
                        if (e.matches(s, name, descriptor)) {
                            hit = true;
                            break;
                        }
                    }
                }
                if (hit && !exempted(e.rule(), owner)) {
                    rules.add(e.rule());
                }
            }
        }
        return rules;
    }

    private static boolean exempted(final Rule rule, final String owner) {
        for (final Entry e : ENTRIES) {
            if (e.exempt() && e.rule() == rule && e.owner().matcher(owner).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Entry on(final Rule rule, final String owner, final String name) {
        return member(rule, owner, name, "*", false);
    }

    private static Entry inherited(final Rule rule, final String owner, final String name) {
        return member(rule, owner, name, "*", true);
    }

    private static Entry ctor(final Rule rule, final String owner, final String descriptor) {
        return member(rule, owner, "<init>", descriptor, false);
    }

    private static Entry exempt(final Rule rule, final String owner) {
        return new Entry(rule, ownerPattern(owner), glob("*"), glob("*"), false, true);
    }

    private static Entry member(final Rule rule, final String owner, final String name, final String descriptor,
            final boolean inherited) {
        return new Entry(rule, ownerPattern(owner), glob(name), glob(descriptor), inherited, false);
    }

    private static Pattern ownerPattern(final String owner) {
        if (owner.endsWith("/")) {
            return Pattern.compile(Pattern.quote(owner) + ".*");
        }
        return Pattern.compile(wildcards(owner, "[^/]*"));
    }

    private static Pattern glob(final String pattern) {
        return Pattern.compile(wildcards(pattern, ".*"));
    }

    private static String wildcards(final String pattern, final String star) {
        final StringBuilder b = new StringBuilder();
        int from = 0;
        for (int i = pattern.indexOf('*'); i >= 0; i = pattern.indexOf('*', from)) {
            if (i > from) {
                b.append(Pattern.quote(pattern.substring(from, i)));
            }
            b.append(star);
            from = i + 1;
        }
        if (from < pattern.length()) {
            b.append(Pattern.quote(pattern.substring(from)));
        }
        return b.toString();
    }
}
