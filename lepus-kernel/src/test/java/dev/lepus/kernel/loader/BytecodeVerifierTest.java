package dev.lepus.kernel.loader;

import static java.lang.constant.ConstantDescs.CD_CallSite;
import static java.lang.constant.ConstantDescs.CD_MethodHandles_Lookup;
import static java.lang.constant.ConstantDescs.CD_MethodType;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_String;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicCallSiteDesc;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.lepus.api.ApiGroup;
import dev.lepus.kernel.KernelLevel;
import dev.lepus.kernel.loader.corpus.hostile.AllocatesOffHeapWithoutMemory;
import dev.lepus.kernel.loader.corpus.hostile.AwaitsWithoutAwait;
import dev.lepus.kernel.loader.corpus.hostile.CallsSystemExit;
import dev.lepus.kernel.loader.corpus.hostile.CreatesDateNow;
import dev.lepus.kernel.loader.corpus.hostile.DeclaresNativeMethod;
import dev.lepus.kernel.loader.corpus.hostile.EnumWithMutableField;
import dev.lepus.kernel.loader.corpus.hostile.ExitsThroughMethodReference;
import dev.lepus.kernel.loader.corpus.hostile.HaltsRuntime;
import dev.lepus.kernel.loader.corpus.hostile.JoinsFuture;
import dev.lepus.kernel.loader.corpus.hostile.LoadsClassByName;
import dev.lepus.kernel.loader.corpus.hostile.LoadsNativeLibrary;
import dev.lepus.kernel.loader.corpus.hostile.LocksReentrantLock;
import dev.lepus.kernel.loader.corpus.hostile.MessageIsMutableClass;
import dev.lepus.kernel.loader.corpus.hostile.MessageSealedWithMutable;
import dev.lepus.kernel.loader.corpus.hostile.MessageWithArray;
import dev.lepus.kernel.loader.corpus.hostile.MessageWithArrayList;
import dev.lepus.kernel.loader.corpus.hostile.MessageWithDate;
import dev.lepus.kernel.loader.corpus.hostile.MutableStatic;
import dev.lepus.kernel.loader.corpus.hostile.OpensSocketWithoutNet;
import dev.lepus.kernel.loader.corpus.hostile.ReadsCurrentTimeMillis;
import dev.lepus.kernel.loader.corpus.hostile.ReadsFileWithoutFs;
import dev.lepus.kernel.loader.corpus.hostile.ReadsInstantNow;
import dev.lepus.kernel.loader.corpus.hostile.ReadsNanoTime;
import dev.lepus.kernel.loader.corpus.hostile.ReadsSystemClock;
import dev.lepus.kernel.loader.corpus.hostile.ResolvesHostWithoutNet;
import dev.lepus.kernel.loader.corpus.hostile.RunsAsyncWithoutThreads;
import dev.lepus.kernel.loader.corpus.hostile.SetsTimerWithoutTimers;
import dev.lepus.kernel.loader.corpus.hostile.SharedSingleton;
import dev.lepus.kernel.loader.corpus.hostile.SleepsInHandler;
import dev.lepus.kernel.loader.corpus.hostile.SleepsInHelper;
import dev.lepus.kernel.loader.corpus.hostile.StartsProcess;
import dev.lepus.kernel.loader.corpus.hostile.StartsThreadWithoutThreads;
import dev.lepus.kernel.loader.corpus.hostile.StaticFinalArray;
import dev.lepus.kernel.loader.corpus.hostile.StaticFinalHashMap;
import dev.lepus.kernel.loader.corpus.hostile.StaticFinalListOfArrayList;
import dev.lepus.kernel.loader.corpus.hostile.SynchronizedBlock;
import dev.lepus.kernel.loader.corpus.hostile.SynchronizedHandler;
import dev.lepus.kernel.loader.corpus.hostile.TakesFromBlockingQueue;
import dev.lepus.kernel.loader.corpus.hostile.TakesFromOwnQueueSubclass;
import dev.lepus.kernel.loader.corpus.hostile.UsesExecutorWithoutThreads;
import dev.lepus.kernel.loader.corpus.hostile.UsesKernelInternals;
import dev.lepus.kernel.loader.corpus.hostile.UsesMathRandom;
import dev.lepus.kernel.loader.corpus.hostile.UsesMethodHandles;
import dev.lepus.kernel.loader.corpus.hostile.UsesParallelStream;
import dev.lepus.kernel.loader.corpus.hostile.UsesRandomUuid;
import dev.lepus.kernel.loader.corpus.hostile.UsesReflection;
import dev.lepus.kernel.loader.corpus.hostile.UsesSeededRandom;
import dev.lepus.kernel.loader.corpus.hostile.UsesThreadLocalRandom;
import dev.lepus.kernel.loader.corpus.hostile.WaitsOnMonitor;
import dev.lepus.kernel.loader.corpus.hostile.WritesFileStreamWithoutFs;
import dev.lepus.kernel.loader.corpus.legit.AbstractComponent;
import dev.lepus.kernel.loader.corpus.legit.ConstantsAndAsserts;
import dev.lepus.kernel.loader.corpus.legit.EnumPatterns;
import dev.lepus.kernel.loader.corpus.legit.Greeter;
import dev.lepus.kernel.loader.corpus.legit.InheritedProtocol;
import dev.lepus.kernel.loader.corpus.legit.LambdasAndStreams;
import dev.lepus.kernel.loader.corpus.legit.Shapes;
import dev.lepus.kernel.loader.corpus.legit.SocketUser;
import dev.lepus.kernel.loader.corpus.legit.ThreadUser;
import dev.lepus.kernel.loader.corpus.legit.TimerUser;
import dev.lepus.kernel.loader.corpus.legit.TrafficLight;

/**
 * The bytecode verifier against the hostile corpus (each class breaks one rule, found at the expected member), the
 * legitimate corpus (accepted), and class files javac would not write (built here with the Class-File API).
 */
class BytecodeVerifierTest {

    private static final String ON_MESSAGE = "onMessage";

    private final BytecodeVerifier verifier = new BytecodeVerifier(ClassSource.of(getClass().getClassLoader()));

    /** Hostile class, the one rule it breaks, and the member (method or field; "" for the class) where. */
    static Stream<Arguments> hostile() {
        return Stream.of(
            Arguments.of(OpensSocketWithoutNet.class, Rule.NET, ON_MESSAGE),
            Arguments.of(ResolvesHostWithoutNet.class, Rule.NET, ON_MESSAGE),
            Arguments.of(ReadsFileWithoutFs.class, Rule.FS, ON_MESSAGE),
            Arguments.of(WritesFileStreamWithoutFs.class, Rule.FS, ON_MESSAGE),
            Arguments.of(StartsThreadWithoutThreads.class, Rule.THREADS, ON_MESSAGE),
            Arguments.of(UsesExecutorWithoutThreads.class, Rule.THREADS, ON_MESSAGE),
            Arguments.of(RunsAsyncWithoutThreads.class, Rule.THREADS, ON_MESSAGE),
            Arguments.of(UsesParallelStream.class, Rule.THREADS, ON_MESSAGE),
            Arguments.of(AllocatesOffHeapWithoutMemory.class, Rule.MEMORY, ON_MESSAGE),
            Arguments.of(SetsTimerWithoutTimers.class, Rule.TIMERS, ON_MESSAGE),
            Arguments.of(AwaitsWithoutAwait.class, Rule.AWAIT, ON_MESSAGE),
            Arguments.of(UsesReflection.class, Rule.REFLECTION, ON_MESSAGE),
            Arguments.of(LoadsClassByName.class, Rule.REFLECTION, ON_MESSAGE),
            Arguments.of(UsesMethodHandles.class, Rule.REFLECTION, ON_MESSAGE),
            Arguments.of(UsesKernelInternals.class, Rule.INTERNALS, ON_MESSAGE),
            Arguments.of(CallsSystemExit.class, Rule.PROCESS_CONTROL, ON_MESSAGE),
            Arguments.of(ExitsThroughMethodReference.class, Rule.PROCESS_CONTROL, ON_MESSAGE),
            Arguments.of(HaltsRuntime.class, Rule.PROCESS_CONTROL, ON_MESSAGE),
            Arguments.of(StartsProcess.class, Rule.PROCESS_CONTROL, ON_MESSAGE),
            Arguments.of(LoadsNativeLibrary.class, Rule.NATIVE_CODE, ON_MESSAGE),
            Arguments.of(DeclaresNativeMethod.class, Rule.NATIVE_CODE, "poke"),
            Arguments.of(ReadsNanoTime.class, Rule.CLOCK, ON_MESSAGE),
            Arguments.of(ReadsCurrentTimeMillis.class, Rule.CLOCK, ON_MESSAGE),
            Arguments.of(ReadsInstantNow.class, Rule.CLOCK, ON_MESSAGE),
            Arguments.of(ReadsSystemClock.class, Rule.CLOCK, ON_MESSAGE),
            Arguments.of(CreatesDateNow.class, Rule.CLOCK, ON_MESSAGE),
            Arguments.of(UsesMathRandom.class, Rule.RANDOMNESS, ON_MESSAGE),
            Arguments.of(UsesSeededRandom.class, Rule.RANDOMNESS, ON_MESSAGE),
            Arguments.of(UsesThreadLocalRandom.class, Rule.RANDOMNESS, ON_MESSAGE),
            Arguments.of(UsesRandomUuid.class, Rule.RANDOMNESS, ON_MESSAGE),
            Arguments.of(MutableStatic.class, Rule.MUTABLE_STATIC, "handled"),
            Arguments.of(StaticFinalArray.class, Rule.MUTABLE_STATIC, "TABLE"),
            Arguments.of(StaticFinalHashMap.class, Rule.MUTABLE_STATIC, "SEEN"),
            Arguments.of(StaticFinalListOfArrayList.class, Rule.MUTABLE_STATIC, "<clinit>"),
            Arguments.of(SharedSingleton.class, Rule.MUTABLE_STATIC, "COUNTER"),
            Arguments.of(EnumWithMutableField.class, Rule.MUTABLE_STATIC, "hits"),
            Arguments.of(SynchronizedHandler.class, Rule.MONITOR, ON_MESSAGE),
            Arguments.of(SynchronizedBlock.class, Rule.MONITOR, ON_MESSAGE),
            Arguments.of(SleepsInHandler.class, Rule.BLOCKING_CALL, ON_MESSAGE),
            Arguments.of(WaitsOnMonitor.class, Rule.BLOCKING_CALL, ON_MESSAGE),
            Arguments.of(TakesFromBlockingQueue.class, Rule.BLOCKING_CALL, ON_MESSAGE),
            Arguments.of(TakesFromOwnQueueSubclass.class, Rule.BLOCKING_CALL, ON_MESSAGE),
            Arguments.of(LocksReentrantLock.class, Rule.BLOCKING_CALL, ON_MESSAGE),
            Arguments.of(JoinsFuture.class, Rule.BLOCKING_CALL, ON_MESSAGE),
            Arguments.of(MessageWithArray.class, Rule.MESSAGE_TYPE, ""),
            Arguments.of(MessageWithArrayList.class, Rule.MESSAGE_TYPE, ""),
            Arguments.of(MessageWithDate.class, Rule.MESSAGE_TYPE, ""),
            Arguments.of(MessageSealedWithMutable.class, Rule.MESSAGE_TYPE, ""),
            Arguments.of(MessageIsMutableClass.class, Rule.MESSAGE_TYPE, ""));
    }

    /** Legitimate class, and the lowest level on which it is accepted. */
    static Stream<Arguments> legit() {
        return Stream.of(
            Arguments.of(Shapes.class, KernelLevel.L1),
            Arguments.of(LambdasAndStreams.class, KernelLevel.L1),
            Arguments.of(TimerUser.class, KernelLevel.L1),
            Arguments.of(SocketUser.class, KernelLevel.L1),
            Arguments.of(TrafficLight.class, KernelLevel.L1),
            Arguments.of(EnumPatterns.class, KernelLevel.L1),
            Arguments.of(AbstractComponent.class, KernelLevel.L1),
            Arguments.of(InheritedProtocol.class, KernelLevel.L1),
            Arguments.of(ConstantsAndAsserts.class, KernelLevel.L1),
            Arguments.of(Greeter.class, KernelLevel.L1),
            Arguments.of(ThreadUser.class, KernelLevel.L3));
    }

    @Test
    void shouldHaveAHostileCorpusOfAtLeastTwentyFiveClassesCoveringEveryRuleButMalformed() {
        final List<Arguments> all = hostile().toList();
        assertTrue(all.size() >= 25, "hostile corpus: " + all.size());
        final Set<Rule> covered = all.stream().map(a -> (Rule) a.get()[1])
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(Rule.class)));
        final Set<Rule> expected = EnumSet.complementOf(EnumSet.of(Rule.MALFORMED));
        assertEquals(expected, covered, "javac cannot write a malformed class file; those are built below");
    }

    @ParameterizedTest(name = "{0} breaks {1} in {2}")
    @MethodSource("hostile")
    void shouldRefuseEachHostileClassForItsOneRuleAtTheExpectedMember(final Class<?> type, final Rule rule,
            final String member) {
        final List<Violation> violations = verifier.verify(Corpus.bytes(type), Corpus.groups(type), KernelLevel.L1);
        assertFalse(violations.isEmpty(), type.getSimpleName() + " was accepted");
        for (final Violation v : violations) {
            assertEquals(rule, v.rule(), "only " + rule + " expected, got: " + v);
            assertEquals(type.getName(), v.className(), v.toString());
        }
        assertTrue(violations.stream().anyMatch(v -> v.member().equals(member)),
            "expected a violation at " + member + ": " + violations);
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("legit")
    void shouldAcceptTheLegitimateCorpus(final Class<?> type, final KernelLevel lowest) {
        for (final KernelLevel level : KernelLevel.values()) {
            if (level.compareTo(lowest) >= 0) {
                assertEquals(List.of(), verifier.verify(Corpus.withNested(type), Corpus.groups(type), level),
                    type.getSimpleName() + " on " + level);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(KernelLevel.class)
    void shouldRefuseSynchronizedOnL1AndL2AndAcceptItOnL3AndL4(final KernelLevel level) {
        final List<Violation> v = verifier.verify(Corpus.bytes(SynchronizedHandler.class), Set.of(ApiGroup.CORE),
            level);
        assertEquals(level.compareTo(KernelLevel.L3) < 0, !v.isEmpty(), level + ": " + v);
        final List<Violation> sleep = verifier.verify(Corpus.bytes(SleepsInHandler.class), Set.of(ApiGroup.CORE),
            level);
        assertEquals(level.compareTo(KernelLevel.L3) < 0, !sleep.isEmpty(), level + ": " + sleep);
    }

    @Test
    void shouldAllowGroupRulesOnceTheGroupIsDeclared() {
        final byte[] socket = Corpus.bytes(OpensSocketWithoutNet.class);
        assertEquals(List.of(), verifier.verify(socket, EnumSet.of(ApiGroup.CORE, ApiGroup.NET), KernelLevel.L1));
        final byte[] file = Corpus.bytes(ReadsFileWithoutFs.class);
        assertEquals(List.of(), verifier.verify(file, EnumSet.of(ApiGroup.CORE, ApiGroup.FS), KernelLevel.L1));
        final byte[] offHeap = Corpus.bytes(AllocatesOffHeapWithoutMemory.class);
        assertEquals(List.of(), verifier.verify(offHeap, EnumSet.of(ApiGroup.MEMORY), KernelLevel.L2));
        final byte[] timer = Corpus.bytes(SetsTimerWithoutTimers.class);
        assertEquals(List.of(), verifier.verify(timer, EnumSet.of(ApiGroup.TIMERS), KernelLevel.L1));
    }

    @Test
    void shouldRefuseThreadsOnL1AndL2EvenWhenDeclared() {
        final Set<ApiGroup> threads = EnumSet.of(ApiGroup.CORE, ApiGroup.THREADS);
        final byte[] bytes = Corpus.bytes(ThreadUser.class);
        assertEquals(Set.of(Rule.THREADS), rules(verifier.verify(bytes, threads, KernelLevel.L1)));
        assertEquals(Set.of(Rule.THREADS), rules(verifier.verify(bytes, threads, KernelLevel.L2)));
        assertEquals(List.of(), verifier.verify(bytes, threads, KernelLevel.L4));
        assertEquals(Set.of(Rule.THREADS), rules(verifier.verify(bytes, Set.of(ApiGroup.CORE), KernelLevel.L4)));
    }

    @Test
    void shouldNeverAllowReflectionOrClocksWhateverIsDeclared() {
        final Set<ApiGroup> everything = EnumSet.allOf(ApiGroup.class);
        for (final Class<?> c : List.of(UsesReflection.class, ReadsNanoTime.class, UsesSeededRandom.class,
                CallsSystemExit.class, MutableStatic.class, MessageWithArray.class)) {
            assertFalse(verifier.verify(Corpus.bytes(c), everything, KernelLevel.L4).isEmpty(), c.getName());
        }
    }

    @Test
    void shouldNameClassMethodOffsetRuleAndCallInOneLine() {
        final List<Violation> v = verifier.verify(Corpus.bytes(CallsSystemExit.class), Set.of(ApiGroup.CORE),
            KernelLevel.L1);
        assertEquals(1, v.size());
        final Violation exit = v.getFirst();
        assertEquals("(Ldev/lepus/api/Context;Ljava/lang/String;)V", exit.descriptor());
        assertEquals(1, exit.offset(), "iconst_3 is at 0, the call at 1");
        assertEquals("java/lang/System.exit(I)V", exit.detail());
        assertEquals(CallsSystemExit.class.getName() + ".onMessage(Ldev/lepus/api/Context;Ljava/lang/String;)V @1:"
            + " process control: java/lang/System.exit(I)V", exit.toString());
        assertEquals("CallsSystemExit.onMessage(Ldev/lepus/api/Context;Ljava/lang/String;)V @1: process control:"
            + " java/lang/System.exit(I)V", exit.toShortString());
    }

    @Test
    void shouldCheckTheTargetOfAMethodReference() {
        final Violation v = verifier.verify(Corpus.bytes(ExitsThroughMethodReference.class), Set.of(ApiGroup.CORE),
            KernelLevel.L1).getFirst();
        assertEquals("java/lang/System.exit(I)V", v.detail());
    }

    @Test
    void shouldSayWhereAnInheritedCallLands() {
        final Violation v = verifier.verify(Corpus.bytes(TakesFromOwnQueueSubclass.class), Set.of(ApiGroup.CORE),
            KernelLevel.L1).getFirst();
        assertTrue(v.detail().endsWith("(inherited from java/util/concurrent/LinkedBlockingQueue)"), v.detail());
    }

    @Test
    void shouldFindAViolationInAHelperClassNotInTheComponent() {
        assertEquals(List.of(), verifier.verify(Corpus.bytes(SleepsInHelper.class), Set.of(ApiGroup.CORE),
            KernelLevel.L1));
        final List<Violation> all = verifier.verify(Corpus.withNested(SleepsInHelper.class), Set.of(ApiGroup.CORE),
            KernelLevel.L1);
        assertEquals(1, all.size(), all.toString());
        assertEquals(SleepsInHelper.class.getName() + "$Helper", all.getFirst().className());
        assertEquals("pause", all.getFirst().member());
    }

    @Test
    void shouldExplainWhichPartOfAProtocolIsMutable() {
        final String array = verifier.verify(Corpus.bytes(MessageWithArray.class), Set.of(ApiGroup.CORE),
            KernelLevel.L1).getFirst().detail();
        assertEquals("protocol MessageWithArray$Msg.data is an array ([I), which is mutable", array);
        final String sealed = verifier.verify(Corpus.bytes(MessageSealedWithMutable.class), Set.of(ApiGroup.CORE),
            KernelLevel.L1).getFirst().detail();
        assertTrue(sealed.contains("(permits MessageSealedWithMutable$Bad).text has type java.lang.StringBuilder"),
            sealed);
    }

    // ---------------------------------------------------------------- class files javac would not write

    @Test
    void shouldRefuseJdkInternalsThatJavacWillNotCompileWithoutWarnings() {
        final ClassDesc unsafe = ClassDesc.of("sun.misc.Unsafe");
        final byte[] bytes = generated("UsesUnsafe", code -> code
            .invokestatic(unsafe, "getUnsafe", MethodTypeDesc.of(unsafe)).pop());
        final List<Violation> v = verifier.verify(bytes, EnumSet.allOf(ApiGroup.class), KernelLevel.L4);
        assertEquals(Set.of(Rule.INTERNALS), rules(v));
        assertEquals("sun/misc/Unsafe.getUnsafe()Lsun/misc/Unsafe;", v.getFirst().detail());
    }

    @Test
    void shouldRefuseAnInvokedynamicWithItsOwnBootstrap() {
        final DirectMethodHandleDesc bsm = MethodHandleDesc.ofMethod(DirectMethodHandleDesc.Kind.STATIC,
            ClassDesc.of("gen.Boot"), "bootstrap",
            MethodTypeDesc.of(CD_CallSite, CD_MethodHandles_Lookup, CD_String, CD_MethodType));
        final byte[] bytes = generated("OwnBootstrap", code -> code
            .invokedynamic(DynamicCallSiteDesc.of(bsm, "go", MethodTypeDesc.of(CD_void))));
        final List<Violation> v = verifier.verify(bytes, EnumSet.allOf(ApiGroup.class), KernelLevel.L4);
        assertEquals(Set.of(Rule.REFLECTION), rules(v));
        assertTrue(v.getFirst().detail().startsWith("invokedynamic with bootstrap method gen/Boot.bootstrap"),
            v.getFirst().detail());
    }

    @Test
    void shouldCheckMethodHandleConstantsAndTheArgumentsOfAllowedBootstraps() {
        final DirectMethodHandleDesc exit = MethodHandleDesc.ofMethod(DirectMethodHandleDesc.Kind.STATIC,
            ClassDesc.of("java.lang.System"), "exit", MethodTypeDesc.of(CD_void, CD_int));
        final byte[] ldc = generated("LoadsExitHandle", code -> code.ldc(exit).pop());
        assertEquals(Set.of(Rule.PROCESS_CONTROL), rules(verifier.verify(ldc, Set.of(ApiGroup.CORE),
            KernelLevel.L1)));
        final DirectMethodHandleDesc nanoTime = MethodHandleDesc.ofMethod(DirectMethodHandleDesc.Kind.STATIC,
            ClassDesc.of("java.lang.System"), "nanoTime", MethodTypeDesc.of(CD_long));
        final byte[] condy = generated("ClockThroughCondy", code -> code
            .ldc(DynamicConstantDesc.ofNamed(ConstantDescs.BSM_INVOKE, "now", CD_long, nanoTime)).pop2());
        assertEquals(Set.of(Rule.CLOCK), rules(verifier.verify(condy, Set.of(ApiGroup.CORE), KernelLevel.L1)));
    }

    @Test
    void shouldExemptCompilerStaticsOnlyWhereJavacWritesThem() {
        final byte[] bytes = ClassFile.of().build(ClassDesc.of("gen.FakeValues"), cb -> cb
            .withField("$VALUES", CD_Object.arrayType(), ClassFile.ACC_STATIC | ClassFile.ACC_SYNTHETIC));
        final List<Violation> v = verifier.verify(bytes, Set.of(ApiGroup.CORE), KernelLevel.L1);
        assertEquals(Set.of(Rule.MUTABLE_STATIC), rules(v));
        assertEquals("$VALUES", v.getFirst().member());
        assertEquals(-1, v.getFirst().offset());
        assertEquals("gen.FakeValues.$VALUES:[Ljava/lang/Object;", v.getFirst().where(false));
    }

    @Test
    void shouldReportAMalformedClassFileInsteadOfThrowing() {
        final byte[] garbage = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 65, 0, 9};
        assertEquals(Set.of(Rule.MALFORMED), rules(verifier.verify(garbage, Set.of(ApiGroup.CORE), KernelLevel.L4)));
        final byte[] good = Corpus.bytes(Shapes.class);
        final byte[] truncated = Arrays.copyOf(good, good.length / 2);
        assertEquals(Set.of(Rule.MALFORMED), rules(verifier.verify(truncated, Set.of(ApiGroup.CORE),
            KernelLevel.L4)));
    }

    @Test
    void shouldVerifyThatEveryRuleSaysWhatAllowsIt() {
        assertEquals("never allowed", Rule.REFLECTION.allowedWhen());
        assertEquals("allowed with NET in @Manifest groups", Rule.NET.allowedWhen());
        assertEquals("allowed with THREADS in @Manifest groups, on kernel L3 or higher", Rule.THREADS.allowedWhen());
        assertEquals("allowed on kernel L3 or higher", Rule.MONITOR.allowedWhen());
    }

    private static byte[] generated(final String name, final Consumer<CodeBuilder> body) {
        final Consumer<ClassBuilder> cls = cb -> cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL)
            .withMethodBody("run", MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                code -> {
                    body.accept(code);
                    code.return_();
                });
        return ClassFile.of().build(ClassDesc.of("gen." + name), cls);
    }

    private static Set<Rule> rules(final List<Violation> violations) {
        final Set<Rule> rules = EnumSet.noneOf(Rule.class);
        violations.forEach(v -> rules.add(v.rule()));
        return rules;
    }
}
