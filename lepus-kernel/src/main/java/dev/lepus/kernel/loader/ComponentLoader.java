package dev.lepus.kernel.loader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import dev.lepus.api.Component;
import dev.lepus.kernel.KernelLevel;

/**
 * The class loader of one application: it defines the application's classes from its jar or class folder, each only
 * after {@link BytecodeVerifier} has accepted it for the kernel level the application is loaded for, and after the
 * transform hook (the check-point instrumenter, later) has rewritten it. A class with violations is never defined.
 *
 * <p>What an application sees: its own classes, the JDK (through the platform class loader) and {@code dev.lepus.api}
 * (through the loader that loaded the API, so that {@code Component}, {@code Context} and {@code Cap} are the
 * kernel's). Nothing else on the node's class path is visible, and a class of the application with the name of a
 * platform or API class is never used instead of it. The kernel's own classes ({@code dev.lepus.kernel.*}) resolve
 * to the kernel's, for the code the transform hook inserts (check points call into the kernel); the verifier refuses
 * any reference to them in the application's own bytecode ({@link Rule#INTERNALS}).
 *
 * <p>Everything is verified when the loader is opened: each class against the API groups of the components reaching
 * it ({@link ApplicationClasses#verificationGroups}). {@link #load} refuses a class if it, or any application class it
 * reaches, has a violation, and lists them all.
 *
 * <p>Thread contract: threadsafe (parallel capable); its state is fixed when it is opened.
 */
public final class ComponentLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final List<String> PLATFORM_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    private static final String API_PREFIX = "dev.lepus.api.";
    private static final String KERNEL_PREFIX = "dev.lepus.kernel.";

    private final ApplicationClasses classes;
    private final KernelLevel level;
    private final UnaryOperator<byte[]> transform;
    private final ClassLoader api = Component.class.getClassLoader();
    /** Each class's violations (binary name to list); empty lists for accepted classes. */
    private final Map<String, List<Violation>> verdicts;

    private ComponentLoader(final ApplicationClasses classes, final KernelLevel level,
            final UnaryOperator<byte[]> transform) {
        super("lepus-app[" + classes.origin() + "]", ClassLoader.getPlatformClassLoader());
        this.classes = classes;
        this.level = level;
        this.transform = transform;
        final BytecodeVerifier verifier = new BytecodeVerifier(classes.source());
        final Map<String, List<Violation>> v = new HashMap<>();
        for (final String name : classes.classNames()) {
            v.put(name, List.copyOf(verifier.verify(classes.classFile(name).orElseThrow(),
                classes.verificationGroups(name), level)));
        }
        this.verdicts = Map.copyOf(v);
    }

    /**
     * Opens an application and verifies all its classes for a kernel level; nothing is defined yet.
     *
     * @param jarOrDir a jar file or a class folder
     * @param level the level of the kernel its components go to
     * @return the loader
     * @throws IOException naming the file if it cannot be read
     */
    public static ComponentLoader open(final Path jarOrDir, final KernelLevel level) throws IOException {
        return open(jarOrDir, level, UnaryOperator.identity());
    }

    /**
     * Opens an application with a transform hook.
     *
     * @param jarOrDir a jar file or a class folder
     * @param level the level of the kernel its components go to
     * @param transform applied to each verified class file just before it is defined (for example to insert check
     *     points); it gets a copy, and must be threadsafe
     * @return the loader
     * @throws IOException naming the file if it cannot be read
     */
    public static ComponentLoader open(final Path jarOrDir, final KernelLevel level,
            final UnaryOperator<byte[]> transform) throws IOException {
        return of(ApplicationClasses.read(jarOrDir), level, transform);
    }

    /**
     * A loader over class files read already.
     *
     * @param classes the application
     * @param level the level of the kernel its components go to
     * @param transform applied to each verified class file just before it is defined
     * @return the loader
     */
    public static ComponentLoader of(final ApplicationClasses classes, final KernelLevel level,
            final UnaryOperator<byte[]> transform) {
        return new ComponentLoader(Objects.requireNonNull(classes, "classes"), Objects.requireNonNull(level, "level"),
            Objects.requireNonNull(transform, "transform"));
    }

    /**
     * Loads a class of the application, if it and every application class it reaches are accepted.
     *
     * @param className a binary name
     * @return the class, defined by this loader (not initialised)
     * @throws ClassNotFoundException if the application has no such class
     * @throws VerificationException listing every violation in the class and the classes it reaches
     */
    public Class<?> load(final String className) throws ClassNotFoundException, VerificationException {
        if (!classes.contains(className)) {
            throw new ClassNotFoundException("class " + className + " is not in " + classes.origin());
        }
        final List<Violation> all = new ArrayList<>();
        for (final String reached : classes.reach(className)) {
            all.addAll(verdicts.getOrDefault(reached, List.of()));
        }
        if (!all.isEmpty()) {
            all.sort(BytecodeVerifier.ORDER);
            throw new VerificationException("class " + className + " from " + classes.origin() + " for kernel level "
                + level, all);
        }
        return loadClass(className);
    }

    /**
     * The component classes of the application that carry a {@code @Manifest}.
     *
     * @return binary names, sorted
     */
    public List<String> componentClasses() {
        return classes.componentClasses();
    }

    /**
     * Every violation in the application for this loader's level, each class checked against its verification groups.
     *
     * @return the violations, in class, method and offset order; empty if every class may be loaded
     */
    public List<Violation> verifyAll() {
        final List<Violation> all = new ArrayList<>();
        verdicts.values().forEach(all::addAll);
        all.sort(BytecodeVerifier.ORDER);
        return all;
    }

    /**
     * The application's class files.
     *
     * @return the classes
     */
    public ApplicationClasses classes() {
        return classes;
    }

    /**
     * The kernel level the classes were verified for.
     *
     * @return the level
     */
    public KernelLevel level() {
        return level;
    }

    @Override
    protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (platform(name)) {
                    c = getParent().loadClass(name);
                } else if (name.startsWith(API_PREFIX)) {
                    c = api.loadClass(name);
                } else if (classes.contains(name)) {
                    c = findClass(name);
                } else if (name.startsWith(KERNEL_PREFIX)) {
                    c = ComponentLoader.class.getClassLoader().loadClass(name); // only for transformed code
                } else {
                    throw new ClassNotFoundException("class " + name + " is not in " + classes.origin()
                        + " (an application sees only its own classes, the JDK and dev.lepus.api)");
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private static boolean platform(final String name) {
        for (final String p : PLATFORM_PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> findClass(final String name) throws ClassNotFoundException {
        final byte[] bytes = classes.classFile(name).orElseThrow(() -> new ClassNotFoundException("class " + name
            + " is not in " + classes.origin()));
        final List<Violation> violations = verdicts.getOrDefault(name, List.of());
        if (!violations.isEmpty()) {
            final VerificationException refused = new VerificationException("class " + name + " from "
                + classes.origin() + " for kernel level " + level, violations);
            throw new ClassNotFoundException(refused.getMessage(), refused);
        }
        final byte[] defined;
        try {
            defined = transform.apply(bytes);
        } catch (final RuntimeException ex) {
            throw new ClassNotFoundException("the transform hook failed on class " + name + " from "
                + classes.origin() + ": " + ex, ex);
        }
        return defineClass(name, defined, 0, defined.length);
    }
}
