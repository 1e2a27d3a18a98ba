package dev.lepus.kernel.checkpoint;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_int;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.lepus.api.Component;

/**
 * {@link Instrumenter}: where the check points go, that instrumented code computes what the original did and verifies,
 * that it passes a check point on every loop iteration, and that a watchdog's request ends an infinite loop.
 */
class InstrumenterTest {

    private static final String CORPUS = InstrumenterCorpus.class.getName();
    private static final long JOIN_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);

    /** A watchdog's verdict: thrown by the check point handler to unwind a handler that ran too long. */
    static final class HandlerTimeout extends Error {
        private static final long serialVersionUID = 1L;

        HandlerTimeout() {
            super("handler timed out", null, false, false);
        }
    }

    /**
     * Defines instrumented copies of the classes whose names start with a prefix, from the given bytes or the test
     * class path, and delegates everything else (the check point classes included) to the test's class loader.
     */
    static final class InstrumentingLoader extends ClassLoader {
        private final String prefix;
        private final Map<String, byte[]> bytesByName;

        InstrumentingLoader(final String prefix, final Map<String, byte[]> bytesByName) {
            super("instrumented", InstrumenterTest.class.getClassLoader());
            this.prefix = prefix;
            this.bytesByName = bytesByName;
        }

        @Override
        protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(prefix)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    final byte[] original = bytesByName.containsKey(name)
                        ? bytesByName.get(name) : testClassBytes(name.replace('.', '/'));
                    if (original == null) {
                        throw new ClassNotFoundException(name);
                    }
                    final byte[] instrumented = Instrumenter.instrument(original, InstrumenterTest::testClassBytes);
                    c = defineClass(name, instrumented, 0, instrumented.length);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    @AfterEach
    void unregister() {
        CheckPoint.unregister();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Placement

    @Test
    void shouldPlaceCheckPointAtEntryAndBeforeEachBackEdge() {
        final byte[] bytes = Instrumenter.instrument(corpusBytes(), InstrumenterTest::testClassBytes);
        assertEquals(2, pollsIn(bytes, "sumArray"), "entry + the for loop's goto");
        assertEquals(3, pollsIn(bytes, "nested"), "entry + two gotos");
        assertEquals(3, pollsIn(bytes, "whileContinue"), "entry + the loop's goto + the continue's goto");
        assertEquals(2, pollsIn(bytes, "doWhile"), "entry + the backward if_icmplt");
        assertEquals(1, pollsIn(bytes, "fib"), "no loop: entry only");
        assertEquals(2, pollsIn(bytes, "spin"), "entry + goto to itself");
        assertEquals(1, pollsIn(bytes, "<init>"), "constructors get an entry check point");
        assertEquals(0, pollsIn(bytes, "<clinit>"), "static initializers get none, loop or not");
        assertTrue(pollsIn(bytes, "lambda$lambdaLoop$0") >= 2, "lambda bodies are instrumented like any method");
    }

    @Test
    void shouldReturnInstrumentedClassUnchanged() {
        final byte[] once = Instrumenter.instrument(corpusBytes(), InstrumenterTest::testClassBytes);
        final byte[] twice = Instrumenter.instrument(once, InstrumenterTest::testClassBytes);
        assertSame(once, twice);
        assertEquals(Instrumenter.countCheckPoints(once), Instrumenter.countCheckPoints(twice));
        assertTrue(Instrumenter.countCheckPoints(once) > Instrumenter.countCheckPoints(corpusBytes()));
    }

    @Test
    void shouldNotDoubleExplicitCheckPoints() {
        final byte[] original = corpusBytes();
        final byte[] instrumented = Instrumenter.instrument(original, InstrumenterTest::testClassBytes);
        assertEquals(1, pollsIn(original, "explicitPolls"));
        assertEquals(2, pollsIn(instrumented, "explicitPolls"), "the loop's own check point stays alone; entry added");
    }

    @Test
    void shouldPlaceCheckPointBeforeBackwardSwitches() throws ReflectiveOperationException {
        for (final boolean table : new boolean[] {true, false}) {
            final byte[] original = switchLoopClass(table);
            final byte[] instrumented = Instrumenter.instrument(original);
            assertEquals(0, Instrumenter.countCheckPoints(original));
            assertEquals(2, Instrumenter.countCheckPoints(instrumented), "entry + before the switch");
            assertEquals(List.of(), ClassFile.of().verify(instrumented));
            final String name = ClassFile.of().parse(instrumented).thisClass().asInternalName().replace('/', '.');
            final Class<?> c = new InstrumentingLoader(name, Map.of(name, original)).loadClass(name);
            final MethodHandle countDown = MethodHandles.publicLookup()
                .findStatic(c, "countDown", MethodType.methodType(int.class, int.class));
            final AtomicLong polls = new AtomicLong();
            CheckPoint.register(new Poller(polls::incrementAndGet).everyNth(1));
            try {
                assertEquals(42, (int) countDown.invokeExact(10));
            } catch (final Throwable t) {
                throw new AssertionError(t);
            } finally {
                CheckPoint.unregister();
            }
            assertEquals(11, polls.get(), "entry + one per iteration (table=" + table + ")");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Behaviour of instrumented code

    @Test
    void shouldComputeSameResultsAsOriginal() throws ReflectiveOperationException {
        final Class<?> instrumented = instrumentedCorpus();
        assertNotSame(InstrumenterCorpus.class, instrumented);
        final int[] values = new int[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 7 - 3_000;
        }
        final Object[][] calls = {
            {"sumArray", values},
            {"nested", 300},
            {"whileContinue", 1_000},
            {"doWhile", 1_000},
            {"switchInLoop", 1_000},
            {"fib", 20},
            {"lambdaLoop", 1_000},
            {"tryCatchLoop", 100},
            {"wideLocals", 1_000},
            {"square", 9},
            {"explicitPolls", 100},
        };
        for (final Object[] call : calls) {
            final String name = (String) call[0];
            final Object expected = corpusMethod(InstrumenterCorpus.class, name).invoke(null, call[1]);
            final Object actual = corpusMethod(instrumented, name).invoke(null, call[1]);
            assertEquals(expected, actual, name);
        }
    }

    @Test
    void shouldPassCheckPointOnEveryIterationOnPlainThread() throws ReflectiveOperationException {
        final Class<?> instrumented = instrumentedCorpus();
        final AtomicLong polls = new AtomicLong();
        CheckPoint.register(new Poller(polls::incrementAndGet).everyNth(1));
        final int n = 5_000;
        corpusMethod(instrumented, "sumArray").invoke(null, (Object) new int[n]);
        assertEquals(1 + n, polls.get(), "entry + one per iteration");
        for (final String name : List.of("whileContinue", "doWhile", "switchInLoop", "lambdaLoop", "tryCatchLoop",
            "wideLocals")) {
            polls.set(0);
            corpusMethod(instrumented, name).invoke(null, n);
            assertTrue(polls.get() >= n, name + ": " + polls.get() + " check points for " + n + " iterations");
        }
        polls.set(0);
        corpusMethod(instrumented, "nested").invoke(null, 100);
        assertTrue(polls.get() >= 100 * 99 / 2 + 100, "nested: " + polls.get());
        polls.set(0);
        corpusMethod(instrumented, "fib").invoke(null, 10);
        assertEquals(177, polls.get(), "fib(10) makes 177 calls");
    }

    @Test
    void shouldPassCheckPointOnEveryIterationOnCheckPointThread() throws Exception {
        final Class<?> instrumented = instrumentedCorpus();
        final Method sumArray = corpusMethod(instrumented, "sumArray");
        final AtomicLong polls = new AtomicLong();
        final AtomicReference<Object> result = new AtomicReference<>();
        final int n = 5_000;
        final CheckPointThread thread = new CheckPointThread(() -> {
            CheckPoint.register(new Poller(polls::incrementAndGet).everyNth(1));
            try {
                result.set(sumArray.invoke(null, (Object) new int[n]));
            } catch (final ReflectiveOperationException e) {
                result.set(e);
            } finally {
                CheckPoint.unregister();
            }
        }, "instrumented");
        thread.start();
        thread.join(JOIN_TIMEOUT_MS);
        assertEquals(0L, result.get());
        assertEquals(1 + n, polls.get());
    }

    @Test
    void shouldUnwindInfiniteLoopWhenWatchdogRequests() throws Exception {
        final MethodHandle spin = MethodHandles.publicLookup()
            .findStatic(instrumentedCorpus(), "spin", MethodType.methodType(void.class));
        final Poller poller = new Poller(() -> {
            throw new HandlerTimeout();
        });
        final int rounds = 3;
        final List<Throwable> endings = new ArrayList<>();
        final List<Long> elapsedNs = new ArrayList<>();
        final CheckPointThread handler = new CheckPointThread(() -> {
            CheckPoint.register(poller);
            for (int round = 0; round < rounds; round++) {
                final long startNs = System.nanoTime();
                try {
                    spin.invokeExact();
                } catch (final Throwable t) {
                    endings.add(t);
                    elapsedNs.add(System.nanoTime() - startNs);
                }
            }
            CheckPoint.unregister();
        }, "runaway");
        handler.setDaemon(true); // if the check points failed, the loop would never end
        final Thread watchdog = new Thread(() -> {
            for (int round = 0; round < rounds; round++) {
                try {
                    TimeUnit.MILLISECONDS.sleep(50);
                } catch (final InterruptedException e) {
                    return;
                }
                poller.request();
            }
        }, "watchdog");
        handler.start();
        watchdog.start();
        handler.join(JOIN_TIMEOUT_MS);
        watchdog.join(JOIN_TIMEOUT_MS);
        assertFalse(handler.isAlive(), "the instrumented infinite loop did not stop");
        assertEquals(rounds, endings.size());
        for (final Throwable t : endings) {
            assertInstanceOf(HandlerTimeout.class, t);
        }
        for (final long ns : elapsedNs) {
            assertTrue(ns < TimeUnit.SECONDS.toNanos(5), "unwound after " + ns + " ns");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Verification of larger corpora

    @Test
    void shouldKeepEveryLepusApiClassVerifiable() throws IOException {
        final Map<String, byte[]> classes = classesAt(Component.class);
        assertTrue(classes.size() > 10, "found " + classes.keySet());
        assertVerifies(classes);
    }

    @Test
    void shouldKeepEveryLepusKernelClassVerifiable() throws IOException {
        final Map<String, byte[]> classes = classesAt(Instrumenter.class);
        assertTrue(classes.size() > 50, "found " + classes.size());
        assertVerifies(classes);
    }

    @Test
    void shouldKeepComplexJdkClassesVerifiable() {
        final Map<String, byte[]> classes = new HashMap<>();
        for (final Class<?> c : List.of(java.util.HashMap.class, java.util.concurrent.ConcurrentHashMap.class,
            java.util.regex.Pattern.class, java.util.Formatter.class, java.math.BigDecimal.class,
            java.util.concurrent.ForkJoinPool.class, java.util.stream.Collectors.class, java.lang.String.class,
            java.util.TreeMap.class, java.lang.invoke.MethodHandles.class)) {
            classes.put(c.getName(), jdkClassBytes(c));
        }
        assertVerifies(classes);
    }

    @Test
    void shouldDefineAndInitializeEveryInstrumentedLepusApiClass() throws Exception {
        final Map<String, byte[]> classes = classesAt(Component.class);
        final InstrumentingLoader loader = new InstrumentingLoader("dev.lepus.api.", classes);
        int linked = 0;
        for (final String name : classes.keySet()) {
            if (!name.endsWith("module-info") && !name.endsWith("package-info")) {
                final Class<?> c = Class.forName(name, true, loader); // links: runs the JVM's own verifier
                assertSame(loader, c.getClassLoader());
                linked++;
            }
        }
        assertTrue(linked > 10);
    }

    private static void assertVerifies(final Map<String, byte[]> classes) {
        final ClassFile verifier = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
            ClassHierarchyResolver.ofResourceParsing(InstrumenterTest.class.getClassLoader())));
        final Function<String, byte[]> lookup = internalName -> {
            final byte[] own = classes.get(internalName.replace('/', '.'));
            return own != null ? own : testClassBytes(internalName);
        };
        int added = 0;
        for (final Map.Entry<String, byte[]> e : classes.entrySet()) {
            final byte[] instrumented = Instrumenter.instrument(e.getValue(), lookup);
            assertEquals(List.of(), verifier.verify(instrumented), e.getKey());
            assertSame(instrumented, Instrumenter.instrument(instrumented, lookup), "idempotent: " + e.getKey());
            added += Instrumenter.countCheckPoints(instrumented) - Instrumenter.countCheckPoints(e.getValue());
        }
        assertTrue(added > classes.size() / 2, "check points added: " + added);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    private static Class<?> instrumentedCorpus() throws ClassNotFoundException {
        return new InstrumentingLoader(CORPUS, Map.of()).loadClass(CORPUS);
    }

    private static Method corpusMethod(final Class<?> c, final String name) {
        for (final Method m : c.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no method " + name);
    }

    private static byte[] corpusBytes() {
        return testClassBytes(CORPUS.replace('.', '/'));
    }

    /** The class file of a class on the test class path (JDK classes included), or null. */
    static byte[] testClassBytes(final String internalName) {
        try (InputStream in = InstrumenterTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] jdkClassBytes(final Class<?> c) {
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            assertTrue(in != null, c.getName());
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every class file in the directory or jar that a class was loaded from, by binary name. */
    private static Map<String, byte[]> classesAt(final Class<?> member) throws IOException {
        final Path location;
        try {
            location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (final URISyntaxException e) {
            throw new IOException(e);
        }
        final Map<String, byte[]> classes = new HashMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (final Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    final String relative = location.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                    classes.put(binaryName(relative), Files.readAllBytes(file));
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (final var entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                    if (!entry.getName().startsWith("META-INF/")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            classes.put(binaryName(entry.getName()), in.readAllBytes());
                        }
                    }
                }
            }
        }
        return classes;
    }

    private static String binaryName(final String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    private static int pollsIn(final byte[] classBytes, final String methodName) {
        int count = 0;
        for (final MethodModel method : ClassFile.of().parse(classBytes).methods()) {
            if (method.methodName().equalsString(methodName) && method.code().isPresent()) {
                final CodeModel code = method.code().orElseThrow();
                for (final CodeElement element : code) {
                    if (element instanceof InvokeInstruction invoke && Instrumenter.isPoll(invoke)) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    /**
     * A class javac would never emit: {@code static int countDown(int n)} loops through a backward switch target,
     * {@code n} times, then returns 42.
     */
    private static byte[] switchLoopClass(final boolean table) {
        final ClassDesc name = ClassDesc.of("dev.lepus.kernel.checkpoint.gen.SwitchLoop" + (table ? "Table" : "Lookup"));
        return ClassFile.of().build(name, cb -> cb
            .withFlags(AccessFlag.PUBLIC, AccessFlag.FINAL, AccessFlag.SUPER)
            .withSuperclass(CD_Object)
            .withMethodBody("countDown", MethodTypeDesc.of(CD_int, CD_int), ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                code -> {
                    final Label loop = code.newLabel();
                    final Label done = code.newLabel();
                    code.labelBinding(loop).iinc(0, -1).iload(0);
                    if (table) {
                        code.tableswitch(0, 0, loop, List.of(SwitchCase.of(0, done)));
                    } else {
                        code.lookupswitch(loop, List.of(SwitchCase.of(0, done)));
                    }
                    code.labelBinding(done).bipush(42).ireturn();
                }));
    }
}
