package dev.lepus.kernel.checkpoint;

import static java.lang.constant.ConstantDescs.CD_void;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodBuilder;
import java.lang.classfile.MethodElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.Opcode;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Inserts check points ({@code invokestatic dev/lepus/kernel/checkpoint/CheckPoint.poll()V}) into a class file, with
 * the JDK's Class-File API, so that component code passes a check point at least once per call and per loop
 * iteration:
 *
 * <ul>
 *   <li>at the entry of every method that has code, except {@code <clinit>} (constructors, lambda bodies, bridges and
 *       synthetic methods included);</li>
 *   <li>immediately before every backward branch: a {@code goto}, {@code if*} or switch instruction with a target label
 *       bound at or before the instruction. Every loop the Java compiler emits closes with such a branch, so every
 *       iteration passes a check point.</li>
 * </ul>
 *
 * <p>A check point is not inserted where one is already in place: an entry whose first instruction is the poll, or a
 * backward branch that the poll immediately precedes (no label or other instruction in between). So instrumenting is
 * idempotent: an instrumented class is returned unchanged, as the same array.
 *
 * <p>Stack maps are regenerated (the poll changes no stack or local, but it moves offsets). Generating them needs the
 * superclass of every class the code merges at a branch target; the instrumenter looks these up, in order, in the
 * class being instrumented, in the caller's class bytes ({@link #instrument(byte[], Function)}), in the class files
 * that the system class loader can find as resources (parsed, never loaded), and last by loading through the system
 * class loader ({@link ClassHierarchyResolver#defaultResolver()}).
 *
 * <p>Thread contract: threadsafe; stateless apart from a shared, concurrent cache of the system classes' hierarchy.
 */
public final class Instrumenter {

    /** The class holding the poll. */
    static final ClassDesc CD_CHECK_POINT = ClassDesc.of(CheckPoint.class.getName());

    /** The poll's name. */
    static final String POLL_NAME = "poll";

    /** The poll's type: {@code ()V}. */
    static final MethodTypeDesc POLL_TYPE = MethodTypeDesc.of(CD_void);

    /** Hierarchy of the classes on the system class path and in the JDK, parsed from their class files once. */
    private static final ClassHierarchyResolver SYSTEM_CLASSES =
        ClassHierarchyResolver.ofResourceParsing(ClassLoader.getSystemClassLoader())
            .cached(ConcurrentHashMap::new)
            .orElse(ClassHierarchyResolver.defaultResolver());

    private static final String CLASS_INIT = ConstantDescs.CLASS_INIT_NAME;

    private Instrumenter() {
    }

    /**
     * Inserts check points, resolving the hierarchy of classes other than this one through the system class loader
     * only (enough for classes that reference only JDK classes and themselves, or are on the class path).
     *
     * @param classBytes a class file
     * @return the instrumented class file; {@code classBytes} itself when it has every check point already
     * @throws IllegalArgumentException if the class file is malformed, or a class needed for its stack maps cannot
     *     be resolved
     */
    public static byte[] instrument(final byte[] classBytes) {
        return instrument(classBytes, internalName -> null);
    }

    /**
     * Inserts check points, resolving the hierarchy of the component's own classes through a function that returns
     * their class files.
     *
     * @param classBytes a class file
     * @param classBytesByInternalName the class file of a class by internal name ({@code a/b/C}), or null if unknown
     * @return the instrumented class file; {@code classBytes} itself when it has every check point already
     * @throws IllegalArgumentException if the class file is malformed, or a class needed for its stack maps cannot
     *     be resolved
     */
    public static byte[] instrument(final byte[] classBytes, final Function<String, byte[]> classBytesByInternalName) {
        Objects.requireNonNull(classBytes, "classBytes");
        Objects.requireNonNull(classBytesByInternalName, "classBytesByInternalName");
        final ClassModel model = ClassFile.of().parse(classBytes);
        if (!needsCheckPoints(model)) {
            return classBytes;
        }
        final ClassHierarchyResolver resolver = self(model)
            .orElse(ClassHierarchyResolver.ofResourceParsing(desc -> stream(desc, classBytesByInternalName)))
            .cached()
            .orElse(SYSTEM_CLASSES);
        // Generates stack maps for class files of version 50 and later, which need them (this is every class a
        // current compiler emits); older ones (which may use jsr/ret) keep none, as the JVM expects.
        final ClassFile classFile = ClassFile.of(
            ClassFile.ClassHierarchyResolverOption.of(resolver),
            ClassFile.StackMapsOption.STACK_MAPS_WHEN_REQUIRED);
        return classFile.transformClass(model,
            ClassTransform.transformingMethods(Instrumenter::instrumentable, Instrumenter::transformMethod));
    }

    /**
     * Counts the check points in a class file: the calls to {@link CheckPoint#poll()} in all its methods.
     *
     * @param classBytes a class file
     * @return the number of poll instructions
     */
    public static int countCheckPoints(final byte[] classBytes) {
        int count = 0;
        for (final MethodModel method : ClassFile.of().parse(classBytes).methods()) {
            final CodeModel code = method.code().orElse(null);
            if (code != null) {
                for (final CodeElement element : code) {
                    if (element instanceof InvokeInstruction invoke && isPoll(invoke)) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static boolean instrumentable(final MethodModel method) {
        return method.code().isPresent() && !method.methodName().equalsString(CLASS_INIT);
    }

    private static boolean needsCheckPoints(final ClassModel model) {
        for (final MethodModel method : model.methods()) {
            if (instrumentable(method) && needsCheckPoints(method.code().orElseThrow())) {
                return true;
            }
        }
        return false;
    }

    private static boolean needsCheckPoints(final CodeModel code) {
        if (!startsWithPoll(code)) {
            return true;
        }
        final Placement placement = new Placement();
        for (final CodeElement element : code) {
            if (placement.pollBefore(element)) {
                return true;
            }
        }
        return false;
    }

    private static void transformMethod(final MethodBuilder builder, final MethodElement element) {
        if (element instanceof CodeModel code && needsCheckPoints(code)) {
            builder.transformCode(code, new PollInserter(!startsWithPoll(code)));
        } else {
            builder.with(element);
        }
    }

    /** Whether the first instruction executed on entry is the poll (labels and debug elements do not execute). */
    private static boolean startsWithPoll(final CodeModel code) {
        for (final CodeElement element : code) {
            if (element instanceof Instruction instruction) {
                return instruction instanceof InvokeInstruction invoke && isPoll(invoke);
            }
        }
        return false;
    }

    static boolean isPoll(final InvokeInstruction invoke) {
        return invoke.opcode() == Opcode.INVOKESTATIC
            && invoke.name().equalsString(POLL_NAME)
            && invoke.owner().asSymbol().equals(CD_CHECK_POINT)
            && invoke.typeSymbol().equals(POLL_TYPE);
    }

    private static void poll(final CodeBuilder builder) {
        builder.invokestatic(CD_CHECK_POINT, POLL_NAME, POLL_TYPE);
    }

    /** The class being instrumented knows its own superclass; no one else may yet. */
    private static ClassHierarchyResolver self(final ClassModel model) {
        final ClassDesc thisClass = model.thisClass().asSymbol();
        final ClassHierarchyResolver.ClassHierarchyInfo info = model.flags().has(AccessFlag.INTERFACE)
            ? ClassHierarchyResolver.ClassHierarchyInfo.ofInterface()
            : ClassHierarchyResolver.ClassHierarchyInfo.ofClass(
                model.superclass().map(ClassEntry::asSymbol).orElse(null));
        return desc -> desc.equals(thisClass) ? info : null;
    }

    private static InputStream stream(final ClassDesc desc, final Function<String, byte[]> classBytesByInternalName) {
        if (!desc.isClassOrInterface()) {
            return null;
        }
        final String descriptor = desc.descriptorString();
        final byte[] bytes = classBytesByInternalName.apply(descriptor.substring(1, descriptor.length() - 1));
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    /**
     * Decides, element by element in code order, where the back-edge check points go. Not threadsafe: one per pass
     * over one method's code.
     */
    static final class Placement {
        /** Labels bound so far: a branch to one of them jumps backward (or to itself). */
        private final Set<Label> bound = new HashSet<>();
        /** Whether the previous executable element was the poll, with no label (join point) after it. */
        private boolean afterPoll;

        /**
         * Consumes the next code element.
         *
         * @param element the element, in code order
         * @return whether a check point goes immediately before it
         */
        boolean pollBefore(final CodeElement element) {
            switch (element) {
                case LabelTarget target -> {
                    bound.add(target.label());
                    afterPoll = false;
                    return false;
                }
                case BranchInstruction branch -> {
                    return backward(bound.contains(branch.target()));
                }
                case TableSwitchInstruction table -> {
                    return backward(bound.contains(table.defaultTarget()) || anyBound(table.cases()));
                }
                case LookupSwitchInstruction lookup -> {
                    return backward(bound.contains(lookup.defaultTarget()) || anyBound(lookup.cases()));
                }
                case InvokeInstruction invoke when isPoll(invoke) -> {
                    afterPoll = true;
                    return false;
                }
                case Instruction _ -> {
                    afterPoll = false;
                    return false;
                }
                default -> {
                    // Pseudo-instructions (line numbers, local variable names, exception table entries) do not run.
                    return false;
                }
            }
        }

        private boolean backward(final boolean targetsBoundLabel) {
            final boolean pollBefore = targetsBoundLabel && !afterPoll;
            afterPoll = false;
            return pollBefore;
        }

        private boolean anyBound(final List<SwitchCase> cases) {
            for (final SwitchCase c : cases) {
                if (bound.contains(c.target())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Emits the entry check point and the back-edge ones. Not threadsafe: one per method body transformed. */
    static final class PollInserter implements CodeTransform {
        private final boolean atEntry;
        private final Placement placement = new Placement();

        PollInserter(final boolean atEntry) {
            this.atEntry = atEntry;
        }

        @Override
        public void atStart(final CodeBuilder builder) {
            if (atEntry) {
                poll(builder);
            }
        }

        @Override
        public void accept(final CodeBuilder builder, final CodeElement element) {
            if (placement.pollBefore(element)) {
                poll(builder);
            }
            builder.with(element);
        }
    }
}
