package dev.lepus.kernel.loader;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.BootstrapMethodEntry;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.ConstantDynamicEntry;
import java.lang.classfile.constantpool.LoadableConstantEntry;
import java.lang.classfile.constantpool.MethodHandleEntry;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewMultiArrayInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.NewReferenceArrayInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.lang.reflect.AccessFlag;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.lepus.api.ApiGroup;

/**
 * The class files of one application (a jar or a class folder), read once, with what the loader needs to know about
 * them before any is defined: which classes are components and which API groups their {@code @Manifest}s declare
 * (read from the class files, not by loading), which classes each class reaches, and so which groups each class is
 * verified against.
 *
 * <p>The groups rule: a class is verified against the API groups that <em>every</em> component reaching it declares
 * (the intersection), since any of them may run its code; a class that no component reaches is verified against the
 * groups of all the application's components together (the union). A component reaches the classes its code names
 * (calls, field accesses, {@code new}, casts, constants, lambdas' targets, caught exceptions), their supertypes, and
 * so on. A component class without a {@code @Manifest} declares {@link ApiGroup#CORE} and {@link ApiGroup#TIMERS},
 * as at run time.
 *
 * <p>Thread contract: immutable after it is made, and threadsafe.
 */
public final class ApplicationClasses {

    /** Class files an application may have, at most. */
    public static final int MAX_CLASSES = 100_000;
    /** Bytes one class file may have, at most. */
    public static final int MAX_CLASS_BYTES = 16 << 20;

    private static final String MANIFEST = "Ldev/lepus/api/Manifest;";

    private final String origin;
    /** Class files by internal name. */
    private final Map<String, byte[]> classes;
    /** Application classes each class names, by internal name. */
    private final Map<String, Set<String>> references;
    /** Concrete component classes (binary names) and the groups each declares. */
    private final Map<String, Set<ApiGroup>> components;
    /** Component classes with a {@code @Manifest}, and its name. */
    private final Map<String, String> manifests;
    /** The groups each class (binary name) is verified against. */
    private final Map<String, Set<ApiGroup>> verificationGroups;

    private ApplicationClasses(final String origin, final Map<String, byte[]> classes) {
        this.origin = origin;
        this.classes = Map.copyOf(classes);
        final Hierarchy hierarchy = new Hierarchy(ClassSource.of(this.classes));
        final Map<String, Set<String>> refs = new HashMap<>();
        final Map<String, Set<ApiGroup>> comps = new TreeMap<>();
        final Map<String, String> names = new TreeMap<>();
        for (final Map.Entry<String, byte[]> e : this.classes.entrySet()) {
            final Optional<ClassModel> m = hierarchy.model(e.getKey());
            if (m.isEmpty()) {
                refs.put(e.getKey(), Set.of());
                continue;
            }
            refs.put(e.getKey(), referencesOf(m.get(), this.classes));
            final ClassModel cm = m.get();
            if (!cm.flags().has(AccessFlag.ABSTRACT) && !cm.flags().has(AccessFlag.INTERFACE)
                && hierarchy.isSubtype(e.getKey(), Hierarchy.COMPONENT)) {
                final String binary = BytecodeVerifier.binaryName(e.getKey());
                final Optional<Annotation> manifest = manifest(cm);
                comps.put(binary, manifest.map(ApplicationClasses::groups)
                    .orElse(Set.copyOf(EnumSet.of(ApiGroup.CORE, ApiGroup.TIMERS))));
                manifest.ifPresent(a -> names.put(binary, manifestName(a, binary)));
            }
        }
        this.references = Map.copyOf(refs);
        this.components = Collections.unmodifiableMap(comps);
        this.manifests = Collections.unmodifiableMap(names);
        this.verificationGroups = Map.copyOf(verificationGroups());
    }

    /**
     * Reads the class files of a jar or a class folder. Files that are not class files are ignored, as are
     * {@code module-info.class} and everything under {@code META-INF/}.
     *
     * @param jarOrDir a {@code .jar} file or a folder whose sub-folders are packages
     * @return the application
     * @throws IOException naming the file if it cannot be read, or if it has too many or too large class files
     */
    public static ApplicationClasses read(final Path jarOrDir) throws IOException {
        final Map<String, byte[]> classes = new HashMap<>();
        if (Files.isDirectory(jarOrDir)) {
            final List<Path> files;
            try (Stream<Path> walk = Files.walk(jarOrDir)) {
                files = walk.filter(p -> p.getFileName().toString().endsWith(".class") && Files.isRegularFile(p))
                    .toList();
            }
            for (final Path p : files) {
                final String rel = jarOrDir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (wanted(rel)) {
                    if (Files.size(p) > MAX_CLASS_BYTES) {
                        throw new IOException(p + ": class file larger than " + MAX_CLASS_BYTES + " bytes");
                    }
                    put(classes, rel, Files.readAllBytes(p), jarOrDir);
                }
            }
        } else if (Files.isRegularFile(jarOrDir)) {
            try (ZipFile zip = new ZipFile(jarOrDir.toFile())) {
                final Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    final ZipEntry e = entries.nextElement();
                    if (e.isDirectory() || !wanted(e.getName())) {
                        continue;
                    }
                    try (InputStream in = zip.getInputStream(e)) {
                        final byte[] bytes = in.readNBytes(MAX_CLASS_BYTES + 1);
                        if (bytes.length > MAX_CLASS_BYTES) {
                            throw new IOException(jarOrDir + "!" + e.getName() + ": class file larger than "
                                + MAX_CLASS_BYTES + " bytes");
                        }
                        put(classes, e.getName(), bytes, jarOrDir);
                    }
                }
            } catch (final java.util.zip.ZipException ex) {
                throw new IOException(jarOrDir + ": not a jar file: " + ex.getMessage(), ex);
            }
        } else {
            throw new NoSuchFileException(jarOrDir.toString(), null, "no such jar file or class folder");
        }
        return new ApplicationClasses(jarOrDir.toString(), classes);
    }

    private static boolean wanted(final String path) {
        return path.endsWith(".class") && !path.startsWith("META-INF/") && !path.equals("module-info.class");
    }

    private static void put(final Map<String, byte[]> classes, final String path, final byte[] bytes,
            final Path origin) throws IOException {
        if (classes.size() >= MAX_CLASSES) {
            throw new IOException(origin + ": more than " + MAX_CLASSES + " class files");
        }
        classes.put(path.substring(0, path.length() - ".class".length()), bytes);
    }

    /**
     * An application made of given class files.
     *
     * @param origin where they came from, for messages
     * @param classFiles class files by internal name ({@code com/example/Worker})
     * @return the application
     */
    public static ApplicationClasses of(final String origin, final Map<String, byte[]> classFiles) {
        if (classFiles.size() > MAX_CLASSES) {
            throw new IllegalArgumentException(origin + ": more than " + MAX_CLASSES + " class files");
        }
        return new ApplicationClasses(origin, classFiles);
    }

    /**
     * The application a class on a class path makes: it and every class it reaches that the loader has as a resource
     * and that is not the platform's (the JDK, {@code dev.lepus.api}). For components named in a system description
     * without a {@code classpath}.
     *
     * @param loader the class loader whose resources are read (no class is loaded)
     * @param className the class, as a binary name
     * @return the application
     * @throws ClassNotFoundException if the loader has no class file for {@code className}
     */
    public static ApplicationClasses reachableFrom(final ClassLoader loader, final String className)
            throws ClassNotFoundException {
        final ClassSource source = ClassSource.of(loader);
        final String root = className.replace('.', '/');
        final Map<String, byte[]> classes = new HashMap<>();
        final Deque<String> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty() && classes.size() < MAX_CLASSES) {
            final String n = todo.poll();
            if (classes.containsKey(n) || Hierarchy.trusted(n)) {
                continue;
            }
            final Optional<byte[]> bytes = source.bytes(n);
            if (bytes.isEmpty()) {
                if (n.equals(root)) {
                    throw new ClassNotFoundException("class " + className + " not found on the class path");
                }
                continue;
            }
            classes.put(n, bytes.get());
            Hierarchy.parse(bytes.get()).ifPresent(m -> todo.addAll(referencesOf(m, null)));
        }
        return new ApplicationClasses("the class path", classes);
    }

    /**
     * Where the classes came from: the jar or folder, or "the class path".
     *
     * @return the origin
     */
    public String origin() {
        return origin;
    }

    /**
     * Whether the application has a class.
     *
     * @param className a binary name
     * @return true if it has its class file
     */
    public boolean contains(final String className) {
        return classes.containsKey(className.replace('.', '/'));
    }

    /**
     * Every class of the application.
     *
     * @return binary names, sorted
     */
    public Set<String> classNames() {
        final Set<String> names = new TreeSet<>();
        for (final String n : classes.keySet()) {
            names.add(BytecodeVerifier.binaryName(n));
        }
        return names;
    }

    /**
     * A class file.
     *
     * @param className a binary name
     * @return a copy of its bytes, or empty if the application does not have it
     */
    public Optional<byte[]> classFile(final String className) {
        final byte[] b = classes.get(className.replace('.', '/'));
        return b == null ? Optional.empty() : Optional.of(b.clone());
    }

    /**
     * The class files as a source for the verifier.
     *
     * @return the source
     */
    public ClassSource source() {
        return n -> Optional.ofNullable(classes.get(n)).map(byte[]::clone);
    }

    /**
     * The component classes that carry a {@code @Manifest}: concrete classes implementing
     * {@code dev.lepus.api.Component}, directly or through application supertypes.
     *
     * @return binary names, sorted
     */
    public List<String> componentClasses() {
        return List.copyOf(manifests.keySet());
    }

    /**
     * The name a component class's {@code @Manifest} gives.
     *
     * @param className a binary name
     * @return the name, or empty if the class is not a component with a manifest
     */
    public Optional<String> manifestName(final String className) {
        return Optional.ofNullable(manifests.get(className));
    }

    /**
     * The API groups a component class declares, {@link ApiGroup#CORE} included.
     *
     * @param className a binary name
     * @return the groups; {@code CORE} and {@code TIMERS} for a component without a manifest; empty if the class is
     *     not a concrete component class
     */
    public Set<ApiGroup> declaredGroups(final String className) {
        return components.getOrDefault(className, Set.of());
    }

    /**
     * The application classes a class reaches, itself included.
     *
     * @param className a binary name
     * @return binary names, sorted
     */
    public Set<String> reach(final String className) {
        final Set<String> seen = new TreeSet<>();
        final Deque<String> todo = new ArrayDeque<>();
        todo.add(className.replace('.', '/'));
        while (!todo.isEmpty()) {
            final String n = todo.poll();
            if (classes.containsKey(n) && seen.add(BytecodeVerifier.binaryName(n))) {
                todo.addAll(references.getOrDefault(n, Set.of()));
            }
        }
        return seen;
    }

    /**
     * The API groups a class is verified against: those every component reaching it declares; for a class no
     * component reaches, those any component declares.
     *
     * @param className a binary name
     * @return the groups
     */
    public Set<ApiGroup> verificationGroups(final String className) {
        return verificationGroups.getOrDefault(className, Set.of(ApiGroup.CORE));
    }

    private Map<String, Set<ApiGroup>> verificationGroups() {
        final Set<ApiGroup> union = EnumSet.of(ApiGroup.CORE);
        components.values().forEach(union::addAll);
        final Map<String, Set<ApiGroup>> common = new HashMap<>();
        for (final Map.Entry<String, Set<ApiGroup>> c : components.entrySet()) {
            for (final String x : reach(c.getKey())) {
                common.computeIfAbsent(x, k -> EnumSet.copyOf(c.getValue())).retainAll(c.getValue());
            }
        }
        final Map<String, Set<ApiGroup>> out = new HashMap<>();
        for (final String n : classes.keySet()) {
            final String binary = BytecodeVerifier.binaryName(n);
            out.put(binary, Set.copyOf(common.getOrDefault(binary, union)));
        }
        return out;
    }

    // ---------------------------------------------------------------- reading class files

    private static Optional<Annotation> manifest(final ClassModel cm) {
        final Optional<RuntimeVisibleAnnotationsAttribute> a = cm.findAttribute(Attributes.runtimeVisibleAnnotations());
        if (a.isEmpty()) {
            return Optional.empty();
        }
        for (final Annotation an : a.get().annotations()) {
            if (an.className().equalsString(MANIFEST)) {
                return Optional.of(an);
            }
        }
        return Optional.empty();
    }

    private static Set<ApiGroup> groups(final Annotation manifest) {
        final Set<ApiGroup> groups = EnumSet.of(ApiGroup.CORE);
        for (final AnnotationElement e : manifest.elements()) {
            if (e.name().equalsString("groups") && e.value() instanceof AnnotationValue.OfArray array) {
                for (final AnnotationValue v : array.values()) {
                    if (v instanceof AnnotationValue.OfEnum en) {
                        for (final ApiGroup g : ApiGroup.values()) {
                            if (en.constantName().equalsString(g.name())) {
                                groups.add(g);
                            }
                        }
                    }
                }
            }
        }
        return Set.copyOf(groups);
    }

    private static String manifestName(final Annotation manifest, final String fallback) {
        for (final AnnotationElement e : manifest.elements()) {
            if (e.name().equalsString("name") && e.value() instanceof AnnotationValue.OfString s) {
                return s.stringValue();
            }
        }
        return fallback;
    }

    /**
     * The classes a class's code names, and its supertypes, as internal names (element types for arrays).
     *
     * @param cm the class
     * @param only keep only these classes, or null for all that are not the platform's
     */
    private static Set<String> referencesOf(final ClassModel cm, final Map<String, byte[]> only) {
        final Set<String> out = new HashSet<>();
        final List<ClassEntry> entries = new ArrayList<>();
        try {
            cm.superclass().ifPresent(entries::add);
            entries.addAll(cm.interfaces());
            for (final MethodModel m : cm.methods()) {
                if (m.code().isEmpty()) {
                    continue;
                }
                for (final CodeElement e : m.code().get()) {
                    switch (e) {
                        case InvokeInstruction i -> entries.add(i.owner());
                        case FieldInstruction f -> entries.add(f.owner());
                        case NewObjectInstruction n -> entries.add(n.className());
                        case TypeCheckInstruction t -> entries.add(t.type());
                        case NewReferenceArrayInstruction a -> entries.add(a.componentType());
                        case NewMultiArrayInstruction a -> entries.add(a.arrayType());
                        case ExceptionCatch c -> c.catchType().ifPresent(entries::add);
                        case ConstantInstruction.LoadConstantInstruction l -> constant(l.constantEntry(), entries, 0);
                        case InvokeDynamicInstruction d -> bootstrap(d.invokedynamic().bootstrap(), entries, 0);
                        default -> {
                        }
                    }
                }
            }
        } catch (final IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException ex) {
            // A damaged class file: the verifier reports it as malformed; what was read so far is kept.
        }
        for (final ClassEntry e : entries) {
            String n = e.asInternalName();
            if (n.startsWith("[")) {
                n = n.replaceFirst("^\\[+", "");
                if (!n.startsWith("L")) {
                    continue;
                }
                n = n.substring(1, n.length() - 1);
            }
            if (only == null ? !Hierarchy.trusted(n) : only.containsKey(n)) {
                out.add(n);
            }
        }
        out.remove(cm.thisClass().asInternalName());
        return Set.copyOf(out);
    }

    private static void bootstrap(final BootstrapMethodEntry bsm, final List<ClassEntry> into, final int depth) {
        into.add(bsm.bootstrapMethod().reference().owner());
        for (final LoadableConstantEntry arg : bsm.arguments()) {
            constant(arg, into, depth + 1);
        }
    }

    private static void constant(final LoadableConstantEntry c, final List<ClassEntry> into, final int depth) {
        if (depth > 8) {
            return;
        }
        switch (c) {
            case ClassEntry ce -> into.add(ce);
            case MethodHandleEntry h -> into.add(h.reference().owner());
            case ConstantDynamicEntry d -> bootstrap(d.bootstrap(), into, depth);
            default -> {
            }
        }
    }
}
