package dev.lepus.kernel.loader;

import java.lang.classfile.Attributes;
import java.lang.classfile.BootstrapMethodEntry;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassSignature;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.Signature;
import java.lang.classfile.attribute.PermittedSubclassesAttribute;
import java.lang.classfile.attribute.RecordAttribute;
import java.lang.classfile.attribute.RecordComponentInfo;
import java.lang.classfile.attribute.SignatureAttribute;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.ConstantDynamicEntry;
import java.lang.classfile.constantpool.LoadableConstantEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.MethodHandleEntry;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.MonitorInstruction;
import java.lang.invoke.MethodHandleInfo;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.lepus.api.ApiGroup;
import dev.lepus.kernel.KernelLevel;

/**
 * Verifies a component's bytecode with the JDK's Class-File API before any of it runs: every call, field access,
 * {@code invokedynamic} bootstrap and method-handle constant is checked against the platform members the
 * {@link Rule}s refuse; static fields and {@code putstatic} against {@link Rule#MUTABLE_STATIC}; monitors against
 * {@link Rule#MONITOR}; and a component's protocol (the {@code P} of {@code Component<P>}, from the class signature)
 * against {@link Rule#MESSAGE_TYPE}, reading records, enums and sealed interfaces as class files from the
 * {@link ClassSource}. What a rule covers is then allowed or refused by the declared API groups and the kernel level
 * ({@link Rule#allows}).
 *
 * <p>A call to an application class's method is checked where that method is (the application's classes are all
 * verified); a call that names an application class but lands on an inherited platform method ({@code MyQueue.take}
 * inherited from {@code LinkedBlockingQueue}) is checked against the platform class.
 *
 * <p>Lambdas and method references ({@code LambdaMetafactory}), string concatenation ({@code StringConcatFactory}),
 * records' {@code toString}, {@code equals} and {@code hashCode} ({@code ObjectMethods}) and switches on patterns and
 * enums ({@code SwitchBootstraps}) are allowed; the method a lambda or method reference points to is checked like a
 * call. Any other bootstrap method is {@link Rule#REFLECTION}.
 *
 * <p>Thread contract: not threadsafe (it caches what it reads); use one per thread.
 */
public final class BytecodeVerifier {

    /** Bootstrap methods that {@code invokedynamic} and dynamic constants may use, as {@code owner.name}. */
    private static final Set<String> ALLOWED_BOOTSTRAPS = Set.of(
        "java/lang/invoke/LambdaMetafactory.metafactory",
        "java/lang/invoke/LambdaMetafactory.altMetafactory",
        "java/lang/invoke/StringConcatFactory.makeConcat",
        "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
        "java/lang/runtime/ObjectMethods.bootstrap",
        "java/lang/runtime/SwitchBootstraps.typeSwitch",
        "java/lang/runtime/SwitchBootstraps.enumSwitch",
        "java/lang/invoke/ConstantBootstraps.nullConstant",
        "java/lang/invoke/ConstantBootstraps.primitiveClass",
        "java/lang/invoke/ConstantBootstraps.enumConstant",
        "java/lang/invoke/ConstantBootstraps.getStaticFinal",
        "java/lang/invoke/ConstantBootstraps.invoke",
        "java/lang/invoke/ConstantBootstraps.explicitCast");

    /** Platform types whose instances can change, refused in static final fields and enum constants. */
    private static final Set<String> MUTABLE_TYPES = Set.of(
        "java/util/ArrayList", "java/util/LinkedList", "java/util/Vector", "java/util/Stack",
        "java/util/HashMap", "java/util/LinkedHashMap", "java/util/TreeMap", "java/util/Hashtable",
        "java/util/IdentityHashMap", "java/util/WeakHashMap", "java/util/EnumMap", "java/util/Properties",
        "java/util/HashSet", "java/util/LinkedHashSet", "java/util/TreeSet", "java/util/EnumSet",
        "java/util/ArrayDeque", "java/util/PriorityQueue", "java/util/BitSet", "java/util/Date",
        "java/util/Calendar", "java/util/GregorianCalendar", "java/util/Random", "java/lang/StringBuilder",
        "java/lang/StringBuffer", "java/lang/ThreadLocal", "java/lang/InheritableThreadLocal");

    /** Values a message may hold besides primitives, enums and records (as {@code MessageTypes} at send time). */
    private static final Set<String> MESSAGE_VALUES = Set.of(
        "java/lang/String", "java/lang/Boolean", "java/lang/Byte", "java/lang/Short", "java/lang/Character",
        "java/lang/Integer", "java/lang/Long", "java/lang/Float", "java/lang/Double", "java/math/BigInteger",
        "java/math/BigDecimal", "java/util/UUID", "java/time/Duration", "java/time/Instant", "java/time/LocalDate",
        "java/time/LocalDateTime", "dev/lepus/api/Cap");

    private static final Set<String> MESSAGE_COLLECTIONS = Set.of("java/util/List", "java/util/Set",
        "java/util/Map");

    /** Nesting of dynamic constants in bootstrap arguments before it is taken as hostile. */
    private static final int MAX_BOOTSTRAP_DEPTH = 8;

    private final Hierarchy hierarchy;
    private final Map<String, Set<String>> landingCache = new HashMap<>();
    private final Map<String, Set<Rule>> ruleCache = new HashMap<>();

    /**
     * A verifier that reads supertypes and message types from {@code source}.
     *
     * @param source the application's class files (the class being verified need not be in it)
     */
    public BytecodeVerifier(final ClassSource source) {
        this.hierarchy = new Hierarchy(source);
    }

    /**
     * Verifies one class for a component that declares {@code declared}, on a kernel of {@code level}.
     *
     * @param classBytes the class file
     * @param declared the API groups the manifest declares ({@link ApiGroup#CORE} is implied)
     * @param level the kernel level
     * @return every violation, in method and offset order; empty if the class may be loaded
     */
    public List<Violation> verify(final byte[] classBytes, final Set<ApiGroup> declared, final KernelLevel level) {
        final List<Violation> out = new ArrayList<>();
        for (final Violation v : findings(classBytes)) {
            if (!v.rule().allows(declared, level)) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Verifies several classes for one component: the convenience for a whole application or a component and what it
     * reaches.
     *
     * @param classes the class files
     * @param declared the API groups the manifest declares
     * @param level the kernel level
     * @return every violation, in class, method and offset order
     */
    public List<Violation> verify(final Collection<byte[]> classes, final Set<ApiGroup> declared,
            final KernelLevel level) {
        final List<Violation> out = new ArrayList<>();
        for (final byte[] c : classes) {
            out.addAll(verify(c, declared, level));
        }
        out.sort(ORDER);
        return out;
    }

    /** Class, then member, then offset. */
    static final Comparator<Violation> ORDER = Comparator.comparing(Violation::className)
        .thenComparing(Violation::member).thenComparing(Violation::descriptor).thenComparingInt(Violation::offset)
        .thenComparing(Violation::rule);

    /**
     * Everything in a class that some rule covers, whatever the groups and level: {@link #verify} keeps those that
     * the groups and level do not allow.
     *
     * @param classBytes the class file
     * @return the findings, in method and offset order
     */
    public List<Violation> findings(final byte[] classBytes) {
        final ClassModel cm;
        try {
            cm = ClassFile.of().parse(classBytes);
        } catch (final IllegalArgumentException ex) {
            return List.of(new Violation("?", "", "", Violation.NO_OFFSET, Rule.MALFORMED,
                "cannot parse: " + ex.getMessage()));
        }
        final String className = binaryName(cm.thisClass().asInternalName());
        final List<Violation> out = new ArrayList<>();
        try {
            hierarchy.add(cm);
            checkFields(cm, className, out);
            for (final MethodModel m : cm.methods()) {
                checkMethod(cm, className, m, out);
            }
            checkProtocol(cm, className, out);
        } catch (final IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException ex) {
            // The Class-File API parses lazily: a damaged constant pool or code array is found here.
            out.add(new Violation(className, "", "", Violation.NO_OFFSET, Rule.MALFORMED,
                "cannot parse: " + ex.getMessage()));
        }
        return out;
    }

    // ---------------------------------------------------------------- fields: mutable static state

    private void checkFields(final ClassModel cm, final String className, final List<Violation> out) {
        final boolean isEnum = cm.flags().has(AccessFlag.ENUM);
        for (final FieldModel f : cm.fields()) {
            final String name = f.fieldName().stringValue();
            final String type = f.fieldType().stringValue();
            final boolean isStatic = f.flags().has(AccessFlag.STATIC);
            final boolean isFinal = f.flags().has(AccessFlag.FINAL);
            if (isStatic && f.flags().has(AccessFlag.SYNTHETIC) && isFinal && compilerStatic(isEnum, name)) {
                continue;
            }
            if (isStatic && !isFinal) {
                out.add(field(className, name, type, "static field is not final: every instance of the class, on"
                    + " every kernel, shares it"));
            } else if (isStatic) {
                mutableType(type).ifPresent(why -> out.add(field(className, name, type, "static final field "
                    + why)));
            } else if (isEnum && !isFinal) {
                out.add(field(className, name, type, "enum constants are shared by every component: their fields"
                    + " must be final"));
            } else if (isEnum) {
                mutableType(type).ifPresent(why -> out.add(field(className, name, type, "enum constants are shared"
                    + " by every component: field " + why)));
            }
        }
    }

    /** Synthetic statics javac writes once and never changes: enum values, switch maps, the assertion flag. */
    private static boolean compilerStatic(final boolean isEnum, final String name) {
        return (isEnum && name.equals("$VALUES")) || name.startsWith("$SwitchMap$")
            || name.equals("$assertionsDisabled");
    }

    private static Violation field(final String className, final String name, final String type,
            final String detail) {
        return new Violation(className, name, type, Violation.NO_OFFSET, Rule.MUTABLE_STATIC, detail);
    }

    /**
     * Why values of a field type can change, if they can as far as the class files show.
     *
     * @param descriptor a field descriptor
     * @return the reason ("is an array ..."), or empty
     */
    private Optional<String> mutableType(final String descriptor) {
        if (descriptor.startsWith("[")) {
            return Optional.of("is an array (" + descriptor + "), whose elements can be changed");
        }
        if (!descriptor.startsWith("L")) {
            return Optional.empty();
        }
        final String type = descriptor.substring(1, descriptor.length() - 1);
        return mutableClass(type, new HashSet<>());
    }

    private Optional<String> mutableClass(final String type, final Set<String> seen) {
        if (!seen.add(type)) {
            return Optional.empty();
        }
        if (Hierarchy.trusted(type)) {
            if (MUTABLE_TYPES.contains(type)
                || (type.startsWith("java/util/concurrent/") && !hierarchy.isEnum(type))
                || (type.startsWith("java/nio/") && type.endsWith("Buffer"))) {
                return Optional.of("has type " + type + ", which is mutable");
            }
            return Optional.empty();
        }
        final Optional<ClassModel> m = hierarchy.model(type);
        if (m.isEmpty() || m.get().flags().has(AccessFlag.INTERFACE) || hierarchy.isEnum(type)) {
            return Optional.empty();
        }
        for (final FieldModel f : m.get().fields()) {
            if (f.flags().has(AccessFlag.STATIC)) {
                continue;
            }
            if (!f.flags().has(AccessFlag.FINAL)) {
                return Optional.of("has type " + type + ", whose field " + f.fieldName().stringValue()
                    + " is not final");
            }
            final String fd = f.fieldType().stringValue();
            if (fd.startsWith("[")) {
                return Optional.of("has type " + type + ", whose field " + f.fieldName().stringValue()
                    + " is an array");
            }
            if (fd.startsWith("L")) {
                final Optional<String> inner = mutableClass(fd.substring(1, fd.length() - 1), seen);
                if (inner.isPresent()) {
                    return Optional.of("has type " + type + ", whose field " + f.fieldName().stringValue() + " "
                        + inner.get());
                }
            }
        }
        final Optional<ClassEntry> sup = m.get().superclass();
        return sup.isEmpty() ? Optional.empty() : mutableClass(sup.get().asInternalName(), seen);
    }

    // ---------------------------------------------------------------- methods: calls, monitors, putstatic

    private void checkMethod(final ClassModel cm, final String className, final MethodModel m,
            final List<Violation> out) {
        final String name = m.methodName().stringValue();
        final String desc = m.methodType().stringValue();
        if (m.flags().has(AccessFlag.NATIVE)) {
            out.add(new Violation(className, name, desc, Violation.NO_OFFSET, Rule.NATIVE_CODE,
                "native method: its code is outside the JVM"));
        }
        if (m.flags().has(AccessFlag.SYNCHRONIZED)) {
            out.add(new Violation(className, name, desc, 0, Rule.MONITOR,
                "synchronized method: it holds a monitor from entry to return"));
        }
        final Optional<CodeModel> code = m.code();
        if (code.isEmpty()) {
            return;
        }
        final Site site = new Site(className, name, desc, out);
        final List<CodeElement> elements = code.get().elementList();
        boolean entersMonitor = false;
        for (final CodeElement e : elements) {
            if (e instanceof MonitorInstruction mi && mi.opcode() == Opcode.MONITORENTER) {
                entersMonitor = true;
            }
        }
        int pc = 0;
        Instruction previous = null;
        for (final CodeElement e : elements) {
            if (!(e instanceof Instruction ins)) {
                continue;
            }
            site.offset = pc;
            switch (ins) {
                case InvokeInstruction i -> reference(site, i.owner().asInternalName(), i.name().stringValue(),
                    i.type().stringValue(), false);
                case FieldInstruction f -> {
                    reference(site, f.owner().asInternalName(), f.name().stringValue(), f.type().stringValue(),
                        true);
                    if (f.opcode() == Opcode.PUTSTATIC) {
                        putStatic(cm, site, f, previous);
                    }
                }
                case InvokeDynamicInstruction d -> bootstrap(site, d.invokedynamic().bootstrap(), "invokedynamic",
                    0);
                case MonitorInstruction mi -> {
                    if (mi.opcode() == Opcode.MONITORENTER || !entersMonitor) {
                        site.add(Rule.MONITOR, mi.opcode() == Opcode.MONITORENTER
                            ? "monitorenter: a synchronized block" : "monitorexit");
                    }
                }
                case ConstantInstruction.LoadConstantInstruction l -> constant(site, l.constantEntry(), 0);
                default -> {
                }
            }
            previous = ins;
            pc += ins.sizeInBytes();
        }
    }

    /** Where an instruction is, while a method is scanned. */
    private static final class Site {
        final String className;
        final String method;
        final String descriptor;
        final List<Violation> out;
        int offset;

        Site(final String className, final String method, final String descriptor, final List<Violation> out) {
            this.className = className;
            this.method = method;
            this.descriptor = descriptor;
            this.out = out;
        }

        void add(final Rule rule, final String detail) {
            out.add(new Violation(className, method, descriptor, offset, rule, detail));
        }
    }

    private void reference(final Site site, final String owner, final String name, final String descriptor,
            final boolean field) {
        final String key = owner + '.' + name + (field ? ":" : "") + descriptor;
        final Set<String> landing = landingCache.computeIfAbsent(key,
            k -> hierarchy.landing(owner, name, descriptor, field));
        if (landing.isEmpty()) {
            return;
        }
        final Set<Rule> rules = ruleCache.computeIfAbsent(key,
            k -> ReferenceRules.match(hierarchy, landing, name, descriptor));
        final String landedOn = landing.contains(owner) ? owner : landing.iterator().next();
        for (final Rule r : rules) {
            site.add(r, owner + "." + name + (field ? ":" : "") + descriptor
                + (landedOn.equals(owner) ? "" : " (inherited from " + landedOn + ")"));
        }
    }

    private void putStatic(final ClassModel cm, final Site site, final FieldInstruction f,
            final Instruction previous) {
        final String owner = f.owner().asInternalName();
        final String target = owner + "." + f.name().stringValue();
        if (!site.method.equals("<clinit>")) {
            site.add(Rule.MUTABLE_STATIC, "writes static field " + target + " outside the class initializer");
            return;
        }
        if (!owner.equals(cm.thisClass().asInternalName())) {
            site.add(Rule.MUTABLE_STATIC, "the class initializer writes another class's static field " + target);
            return;
        }
        // A static final List, Map ... declared with an interface type: look at what the initializer stores.
        final String stored = switch (previous) {
            case InvokeInstruction i when i.name().equalsString("<init>") -> i.owner().asInternalName();
            case InvokeInstruction i -> returnType(i.type().stringValue());
            case null, default -> null;
        };
        if (stored != null && !compilerStatic(cm.flags().has(AccessFlag.ENUM), f.name().stringValue())) {
            mutableClass(stored, new HashSet<>()).ifPresent(why -> site.add(Rule.MUTABLE_STATIC,
                "static field " + target + " is set to a value that " + why));
        }
    }

    private static String returnType(final String methodDescriptor) {
        final String r = methodDescriptor.substring(methodDescriptor.indexOf(')') + 1);
        return r.startsWith("L") ? r.substring(1, r.length() - 1) : null;
    }

    // ---------------------------------------------------------------- invokedynamic, condy, method handles

    private void bootstrap(final Site site, final BootstrapMethodEntry bsm, final String what, final int depth) {
        final MemberRefEntry ref = bsm.bootstrapMethod().reference();
        final String owner = ref.owner().asInternalName();
        final String id = owner + "." + ref.name().stringValue();
        if (!ALLOWED_BOOTSTRAPS.contains(id)) {
            site.add(Rule.REFLECTION, what + " with bootstrap method " + id + ref.type().stringValue()
                + " (only lambdas, string concatenation, records and switches may use invokedynamic)");
            return;
        }
        for (final LoadableConstantEntry arg : bsm.arguments()) {
            constant(site, arg, depth + 1);
        }
    }

    private void constant(final Site site, final LoadableConstantEntry entry, final int depth) {
        if (depth > MAX_BOOTSTRAP_DEPTH) {
            site.add(Rule.REFLECTION, "dynamic constants nested more than " + MAX_BOOTSTRAP_DEPTH + " deep");
            return;
        }
        switch (entry) {
            case MethodHandleEntry h -> {
                final MemberRefEntry ref = h.reference();
                final int kind = h.kind();
                final boolean field = kind == MethodHandleInfo.REF_getField || kind == MethodHandleInfo.REF_getStatic
                    || kind == MethodHandleInfo.REF_putField || kind == MethodHandleInfo.REF_putStatic;
                if (kind == MethodHandleInfo.REF_putStatic) {
                    site.add(Rule.MUTABLE_STATIC, "method handle that writes static field "
                        + ref.owner().asInternalName() + "." + ref.name().stringValue());
                }
                reference(site, ref.owner().asInternalName(), ref.name().stringValue(), ref.type().stringValue(),
                    field);
            }
            case ConstantDynamicEntry c -> bootstrap(site, c.bootstrap(), "dynamic constant", depth);
            default -> {
            }
        }
    }

    // ---------------------------------------------------------------- the protocol: deeply immutable messages

    private void checkProtocol(final ClassModel cm, final String className, final List<Violation> out) {
        final String self = cm.thisClass().asInternalName();
        if (cm.flags().has(AccessFlag.ABSTRACT) || cm.flags().has(AccessFlag.INTERFACE)
            || !hierarchy.isSubtype(self, Hierarchy.COMPONENT)) {
            return;
        }
        final Optional<Signature> protocol = protocolOf(cm, List.of(), Map.of(), new HashSet<>());
        if (protocol.isEmpty()) {
            return;
        }
        final List<String> reasons = new ArrayList<>();
        final String path = simple(protocol.get());
        messageType(protocol.get(), path, new HashSet<>(), reasons, true);
        for (final String reason : reasons) {
            out.add(new Violation(className, "", "", Violation.NO_OFFSET, Rule.MESSAGE_TYPE,
                "protocol " + reason));
        }
    }

    /** The type argument of {@code Component<P>} that a class passes, through generic superclasses too. */
    private Optional<Signature> protocolOf(final ClassModel cm, final List<Signature.TypeArg> args,
            final Map<String, Signature> outer, final Set<String> seen) {
        if (!seen.add(cm.thisClass().asInternalName())) {
            return Optional.empty();
        }
        final Optional<SignatureAttribute> sa = cm.findAttribute(Attributes.signature());
        if (sa.isEmpty()) {
            return Optional.empty(); // raw Component, or no generic supertype: nothing to check statically
        }
        final ClassSignature cs = sa.get().asClassSignature();
        final Map<String, Signature> bindings = new HashMap<>();
        for (int i = 0; i < cs.typeParameters().size() && i < args.size(); i++) {
            if (args.get(i) instanceof Signature.TypeArg.Bounded b) {
                bindings.put(cs.typeParameters().get(i).identifier(), substitute(b.boundType(), outer));
            }
        }
        final List<Signature.ClassTypeSig> supers = new ArrayList<>(cs.superinterfaceSignatures());
        supers.add(cs.superclassSignature());
        for (final Signature.ClassTypeSig s : supers) {
            if (s.className().equals(Hierarchy.COMPONENT)) {
                if (!s.typeArgs().isEmpty() && s.typeArgs().getFirst() instanceof Signature.TypeArg.Bounded b) {
                    return Optional.of(substitute(b.boundType(), bindings));
                }
                return Optional.empty();
            }
            final Optional<ClassModel> sm = hierarchy.model(s.className());
            if (sm.isPresent()) {
                final Optional<Signature> p = protocolOf(sm.get(), s.typeArgs(), bindings, seen);
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    private static Signature substitute(final Signature sig, final Map<String, Signature> bindings) {
        return sig instanceof Signature.TypeVarSig v ? bindings.getOrDefault(v.identifier(), sig) : sig;
    }

    /**
     * Collects why a message type is not deeply immutable, as {@code MessageTypes} decides at send time.
     *
     * @param top whether this is the protocol itself: there, {@code Object}, a type variable and an interface that
     *     is not sealed are left to the check at send time, which sees each message's class
     */
    private void messageType(final Signature sig, final String path, final Set<String> seen,
            final List<String> reasons, final boolean top) {
        switch (sig) {
            case Signature.BaseTypeSig b -> {
            }
            case Signature.ArrayTypeSig a -> reasons.add(path + " is an array (" + a.signatureString()
                + "), which is mutable");
            case Signature.TypeVarSig v -> {
                if (!top) {
                    reasons.add(path + " has type variable " + v.identifier() + ", which could hold anything");
                }
            }
            case Signature.ClassTypeSig c -> classType(c, path, seen, reasons, top);
            default -> reasons.add(path + " has type " + sig.signatureString() + ", which is not a known value");
        }
    }

    private void classType(final Signature.ClassTypeSig c, final String path, final Set<String> seen,
            final List<String> reasons, final boolean top) {
        final String name = c.className();
        if (MESSAGE_VALUES.contains(name)) {
            return;
        }
        if (MESSAGE_COLLECTIONS.contains(name)) {
            if (c.typeArgs().isEmpty()) {
                reasons.add(path + " is a raw " + name + ", whose elements cannot be checked");
            }
            for (final Signature.TypeArg arg : c.typeArgs()) {
                if (arg instanceof Signature.TypeArg.Bounded b
                    && b.wildcardIndicator() == Signature.TypeArg.Bounded.WildcardIndicator.NONE) {
                    messageType(b.boundType(), path + "<" + simple(b.boundType()) + ">", new HashSet<>(seen),
                        reasons, false);
                } else {
                    reasons.add(path + " has a wildcard type argument, whose elements cannot be checked");
                }
            }
            return;
        }
        if (name.equals("java/lang/Object")) {
            if (!top) {
                reasons.add(path + " has type Object, which could hold anything");
            }
            return;
        }
        if (Hierarchy.trusted(name)) {
            final Optional<Class<?>> type = Hierarchy.trustedClass(name);
            if (hierarchy.isEnum(name) || (top && type.map(Class::isInterface).orElse(false))) {
                return;
            }
            if (type.map(Class::isRecord).orElse(false)) {
                return; // a platform record: its components are the platform's
            }
            reasons.add(path + " has type " + name.replace('/', '.') + ", which is not a known immutable value");
            return;
        }
        final Optional<ClassModel> m = hierarchy.model(name);
        if (m.isEmpty()) {
            reasons.add(path + " has type " + binaryName(name) + ", whose class file is not in the application");
            return;
        }
        if (!seen.add(name) || hierarchy.isEnum(name)) {
            return;
        }
        final ClassModel cm = m.get();
        final Optional<RecordAttribute> record = cm.findAttribute(Attributes.record());
        if (record.isPresent()) {
            for (final RecordComponentInfo rc : record.get().components()) {
                final Signature rs = rc.findAttribute(Attributes.signature())
                    .map(SignatureAttribute::asTypeSignature)
                    .orElseGet(() -> Signature.parseFrom(rc.descriptor().stringValue()));
                messageType(rs, path + "." + rc.name().stringValue(), seen, reasons, false);
            }
            return;
        }
        if (cm.flags().has(AccessFlag.INTERFACE)) {
            final Optional<PermittedSubclassesAttribute> permits = cm.findAttribute(Attributes.permittedSubclasses());
            if (permits.isPresent()) {
                for (final ClassEntry sub : permits.get().permittedSubclasses()) {
                    final String subName = sub.asInternalName();
                    messageType(Signature.ClassTypeSig.of(subName), path + " (permits "
                        + simpleName(subName) + ")", seen, reasons, false);
                }
            } else if (!top) {
                reasons.add(path + " has type " + binaryName(name) + ", an interface that is not sealed");
            }
            return;
        }
        reasons.add(path + (path.equals(simpleName(name)) ? "" : " has type " + binaryName(name) + ", which")
            + " is a class, not a record or an enum");
    }

    private static String simple(final Signature sig) {
        return sig instanceof Signature.ClassTypeSig c ? simpleName(c.className()) : sig.signatureString();
    }

    private static String simpleName(final String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    static String binaryName(final String internalName) {
        return internalName.replace('/', '.');
    }

    /** The groups a manifest's list stands for: what it names, and {@link ApiGroup#CORE}. */
    static Set<ApiGroup> withCore(final Collection<ApiGroup> groups) {
        final Set<ApiGroup> s = EnumSet.of(ApiGroup.CORE);
        s.addAll(groups);
        return s;
    }
}
