package dev.lepus.kernel.loader;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.reflect.AccessFlag;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.lepus.api.Component;

/**
 * The type hierarchy as the verifier sees it: application classes are read as class files from a {@link ClassSource}
 * and never loaded; trusted classes (the JDK, {@code dev.lepus.api} and the kernel) are looked up as loaded classes,
 * without initialising them. Caches what it reads.
 *
 * <p>Thread contract: not threadsafe; one per verifier. The static {@link #trusted} and {@link #kernelClass} are
 * threadsafe.
 */
final class Hierarchy {

    /** The interface every component implements, as an internal name. */
    static final String COMPONENT = "dev/lepus/api/Component";

    private static final List<String> TRUSTED_PREFIXES = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/",
        "dev/lepus/api/");
    private static final String KERNEL_PREFIX = "dev/lepus/kernel/";
    /** Where the kernel's classes come from: a class in its packages is the kernel's only if it comes from here. */
    private static final Optional<URL> KERNEL_LOCATION = location(Hierarchy.class);
    /** Answers of {@link #kernelClass}, up to {@link #MAX_CACHED} of them. */
    private static final Map<String, Boolean> KERNEL_CLASSES = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 1 << 14;
    /** How deep a chain of supertypes may be before it is taken as a cycle (hostile class files may have one). */
    private static final int MAX_DEPTH = 64;

    private final ClassSource source;
    private final Map<String, Optional<ClassModel>> models = new HashMap<>();
    private final Map<String, Set<String>> trustedSupertypes = new HashMap<>();

    Hierarchy(final ClassSource source) {
        this.source = source;
    }

    /**
     * Whether a class belongs to the platform rather than to an application: the JDK, the Lepus API or the kernel.
     *
     * @param internalName the class
     * @return true for {@code java/}, {@code javax/}, {@code jdk/}, {@code sun/}, {@code com/sun/},
     *     {@code dev/lepus/api/} and the kernel's own classes ({@link #kernelClass})
     */
    static boolean trusted(final String internalName) {
        for (final String p : TRUSTED_PREFIXES) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return kernelClass(internalName);
    }

    /**
     * Whether a class is one of the kernel's own: in {@code dev/lepus/kernel/} and loaded from where this class was
     * (so an application, or the tests' corpus, may have classes in those packages that are not the kernel's).
     *
     * @param internalName the class
     * @return true for the kernel's classes
     */
    static boolean kernelClass(final String internalName) {
        if (!internalName.startsWith(KERNEL_PREFIX)) {
            return false;
        }
        final Boolean known = KERNEL_CLASSES.get(internalName);
        if (known != null) {
            return known;
        }
        boolean kernel;
        try {
            final Class<?> c = Class.forName(internalName.replace('/', '.'), false, Hierarchy.class.getClassLoader());
            kernel = KERNEL_LOCATION.isPresent() && location(c).equals(KERNEL_LOCATION);
        } catch (final ClassNotFoundException | LinkageError ex) {
            kernel = false;
        }
        if (KERNEL_CLASSES.size() < MAX_CACHED) {
            KERNEL_CLASSES.put(internalName, kernel);
        }
        return kernel;
    }

    private static Optional<URL> location(final Class<?> c) {
        final CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null ? Optional.empty() : Optional.ofNullable(cs.getLocation());
    }

    /**
     * The parsed class file of an application class.
     *
     * @param internalName the class
     * @return the model, or empty if trusted, not in the source, or unreadable
     */
    Optional<ClassModel> model(final String internalName) {
        if (trusted(internalName) || internalName.startsWith("[")) {
            return Optional.empty();
        }
        return models.computeIfAbsent(internalName, n -> source.bytes(n).flatMap(Hierarchy::parse));
    }

    /**
     * Makes a class known that the source may not have: the one being verified.
     *
     * @param model the class
     */
    void add(final ClassModel model) {
        final String n = model.thisClass().asInternalName();
        if (!trusted(n)) {
            models.put(n, Optional.of(model));
        }
    }

    static Optional<ClassModel> parse(final byte[] bytes) {
        try {
            return Optional.of(ClassFile.of().parse(bytes));
        } catch (final IllegalArgumentException ex) {
            return Optional.empty();
        }
    }

    /**
     * A trusted class, loaded without initialisation.
     *
     * @param internalName the class
     * @return the class, or empty if it is not trusted or does not exist
     */
    static Optional<Class<?>> trustedClass(final String internalName) {
        if (!trusted(internalName)) {
            return Optional.empty();
        }
        final ClassLoader loader = internalName.startsWith("dev/lepus/api/") ? Component.class.getClassLoader()
            : internalName.startsWith(KERNEL_PREFIX) ? Hierarchy.class.getClassLoader()
            : ClassLoader.getPlatformClassLoader();
        try {
            return Optional.of(Class.forName(internalName.replace('/', '.'), false, loader));
        } catch (final ClassNotFoundException | LinkageError ex) {
            return Optional.empty();
        }
    }

    /**
     * A trusted class and all its supertypes, as internal names.
     *
     * @param internalName a trusted class
     * @return it and every superclass and superinterface, or just it if it cannot be found
     */
    Set<String> trustedSupertypes(final String internalName) {
        return trustedSupertypes.computeIfAbsent(internalName, n -> {
            final Set<String> all = new LinkedHashSet<>();
            all.add(n);
            trustedClass(n).ifPresent(c -> addSupertypes(c, all));
            return all;
        });
    }

    private static void addSupertypes(final Class<?> c, final Set<String> into) {
        into.add(c.getName().replace('.', '/'));
        if (c.getSuperclass() != null) {
            addSupertypes(c.getSuperclass(), into);
        }
        for (final Class<?> i : c.getInterfaces()) {
            addSupertypes(i, into);
        }
    }

    /**
     * Where a member reference lands outside the application: the trusted classes in which the JVM would look the
     * member up, when the application class named in the reference does not declare it itself.
     *
     * @param owner the class named in the reference
     * @param name the member's name
     * @param descriptor the member's descriptor
     * @param field whether the member is a field
     * @return the trusted classes; the owner itself if it is trusted or cannot be read; empty if an application class
     *     declares the member (its code is verified where it is)
     */
    Set<String> landing(final String owner, final String name, final String descriptor, final boolean field) {
        final Set<String> out = new LinkedHashSet<>();
        landing(owner, name, descriptor, field, out, new HashSet<>(), 0);
        return out;
    }

    private void landing(final String owner, final String name, final String descriptor, final boolean field,
            final Set<String> out, final Set<String> seen, final int depth) {
        if (!seen.add(owner) || depth > MAX_DEPTH) {
            return;
        }
        if (owner.startsWith("[")) {
            out.add("java/lang/Object");
            return;
        }
        final Optional<ClassModel> m = model(owner);
        if (m.isEmpty()) {
            out.add(owner);
            return;
        }
        if (declares(m.get(), name, descriptor, field) || name.equals("<init>") || name.equals("<clinit>")) {
            return;
        }
        m.get().superclass().ifPresent(s -> landing(s.asInternalName(), name, descriptor, field, out, seen,
            depth + 1));
        for (final ClassEntry i : m.get().interfaces()) {
            landing(i.asInternalName(), name, descriptor, field, out, seen, depth + 1);
        }
    }

    private static boolean declares(final ClassModel m, final String name, final String descriptor,
            final boolean field) {
        if (field) {
            for (final FieldModel f : m.fields()) {
                if (f.fieldName().equalsString(name) && f.fieldType().equalsString(descriptor)) {
                    return true;
                }
            }
            return false;
        }
        for (final MethodModel mm : m.methods()) {
            if (mm.methodName().equalsString(name) && mm.methodType().equalsString(descriptor)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an application class is, or extends, another class: through its superclasses and interfaces as far as
     * they can be read, and then through the trusted classes.
     *
     * @param internalName the class
     * @param supertype the supertype looked for
     * @return true if it is a subtype
     */
    boolean isSubtype(final String internalName, final String supertype) {
        return isSubtype(internalName, supertype, new HashSet<>(), 0);
    }

    private boolean isSubtype(final String n, final String supertype, final Set<String> seen, final int depth) {
        if (n.equals(supertype)) {
            return true;
        }
        if (!seen.add(n) || depth > MAX_DEPTH) {
            return false;
        }
        if (trusted(n)) {
            return trustedSupertypes(n).contains(supertype);
        }
        final Optional<ClassModel> m = model(n);
        if (m.isEmpty()) {
            return false;
        }
        if (m.get().superclass().isPresent()
            && isSubtype(m.get().superclass().get().asInternalName(), supertype, seen, depth + 1)) {
            return true;
        }
        for (final ClassEntry i : m.get().interfaces()) {
            if (isSubtype(i.asInternalName(), supertype, seen, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The superclasses of an application class that the source has, itself first, then the first trusted one.
     *
     * @param internalName the class
     * @return the chain
     */
    List<String> superclassChain(final String internalName) {
        final List<String> chain = new ArrayList<>();
        String n = internalName;
        while (n != null && chain.size() <= MAX_DEPTH && !chain.contains(n)) {
            chain.add(n);
            final Optional<ClassModel> m = model(n);
            n = m.flatMap(ClassModel::superclass).map(ClassEntry::asInternalName).orElse(null);
        }
        return chain;
    }

    /**
     * Whether a class is an enum: an application class with {@code ACC_ENUM} or extending {@code java.lang.Enum},
     * or a trusted enum.
     *
     * @param internalName the class
     * @return true for an enum
     */
    boolean isEnum(final String internalName) {
        if (trusted(internalName)) {
            return trustedClass(internalName).map(c -> c.isEnum() || (c.getSuperclass() != null
                && c.getSuperclass().isEnum())).orElse(false);
        }
        for (final String n : superclassChain(internalName)) {
            if (n.equals("java/lang/Enum") || model(n).map(m -> m.flags().has(AccessFlag.ENUM)).orElse(false)) {
                return true;
            }
        }
        return false;
    }
}
