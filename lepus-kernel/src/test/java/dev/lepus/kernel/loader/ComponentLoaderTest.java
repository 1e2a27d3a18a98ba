package dev.lepus.kernel.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lepus.api.Component;
import dev.lepus.api.Config;
import dev.lepus.api.Context;
import dev.lepus.kernel.KernelLevel;
import dev.lepus.kernel.loader.corpus.hostile.SleepsInHandler;
import dev.lepus.kernel.loader.corpus.hostile.SleepsInHelper;
import dev.lepus.kernel.loader.corpus.hostile.SynchronizedHandler;
import dev.lepus.kernel.loader.corpus.legit.Greeter;
import dev.lepus.kernel.loader.corpus.legit.ThreadUser;

/**
 * The component loader over class folders and jars made from the corpus: hostile classes are never defined, legitimate
 * ones are defined and work, and an application sees only itself, the JDK and the API.
 */
class ComponentLoaderTest {

    @Test
    void shouldRefuseToDefineAHostileClassAndListEveryViolationOnItsOwnLine(@TempDir final Path dir)
            throws Exception {
        final ComponentLoader loader = ComponentLoader.open(Corpus.copy(dir, SleepsInHandler.class), KernelLevel.L1);
        final VerificationException ex = assertThrows(VerificationException.class,
            () -> loader.load(SleepsInHandler.class.getName()));
        assertEquals(1, ex.violations().size());
        final List<String> lines = ex.getMessage().lines().toList();
        assertEquals("refused to load class " + SleepsInHandler.class.getName() + " from " + dir
            + " for kernel level L1: 1 violation", lines.get(0));
        assertEquals(SleepsInHandler.class.getName() + ".onMessage(Ldev/lepus/api/Context;Ljava/lang/String;)V @3:"
            + " blocking call: java/lang/Thread.sleep(J)V", lines.get(1));
        // Asked through the JVM's path instead, the loader still does not define it.
        final ClassNotFoundException direct = assertThrows(ClassNotFoundException.class,
            () -> loader.loadClass(SleepsInHandler.class.getName()));
        assertInstanceOf(VerificationException.class, direct.getCause());
    }

    @Test
    void shouldLoadOnL4WhatItRefusesOnL1(@TempDir final Path dir) throws Exception {
        Corpus.copy(dir, SynchronizedHandler.class);
        assertThrows(VerificationException.class,
            () -> ComponentLoader.open(dir, KernelLevel.L1).load(SynchronizedHandler.class.getName()));
        final Class<?> loaded = ComponentLoader.open(dir, KernelLevel.L4).load(SynchronizedHandler.class.getName());
        assertEquals(SynchronizedHandler.class.getName(), loaded.getName());
    }

    @Test
    void shouldRefuseAComponentWhoseHelperBreaksARule(@TempDir final Path dir) throws Exception {
        final ComponentLoader loader = ComponentLoader.open(Corpus.copy(dir, SleepsInHelper.class), KernelLevel.L2);
        final VerificationException ex = assertThrows(VerificationException.class,
            () -> loader.load(SleepsInHelper.class.getName()));
        assertEquals(SleepsInHelper.class.getName() + "$Helper", ex.violations().getFirst().className());
    }

    @Test
    void shouldLoadALegitimateComponentWhoseInstanceWorks(@TempDir final Path dir) throws Exception {
        final ComponentLoader loader = ComponentLoader.open(Corpus.copyPackage(dir, Greeter.class), KernelLevel.L1);
        final Class<?> type = loader.load(Greeter.class.getName());
        assertSame(loader, type.getClassLoader());
        assertNotSame(Greeter.class, type, "a copy defined by the application's loader");
        assertTrue(Component.class.isAssignableFrom(type), "dev.lepus.api is shared with the kernel");

        @SuppressWarnings("unchecked")
        final Component<Object> greeter = (Component<Object>) type.getConstructor().newInstance();
        final List<Object> sent = new ArrayList<>();
        final List<String> logged = new ArrayList<>();
        final AtomicInteger exitCode = new AtomicInteger(-1);
        final Context<Object> ctx = context(sent, logged, exitCode);
        greeter.onStart(ctx);
        assertEquals(1, sent.size());
        assertSame(loader, sent.getFirst().getClass().getClassLoader());
        assertEquals("Greet[name=Lepus]", sent.getFirst().toString());
        greeter.onMessage(ctx, sent.getFirst());
        assertEquals(List.of("hello, Lepus (1)"), logged);
        assertEquals(7, exitCode.get());
    }

    @Test
    void shouldShowAnApplicationOnlyItselfTheJdkAndTheApi(@TempDir final Path dir) throws Exception {
        final ComponentLoader loader = ComponentLoader.open(Corpus.copy(dir, Greeter.class), KernelLevel.L1);
        final ClassNotFoundException junit = assertThrows(ClassNotFoundException.class,
            () -> loader.loadClass(Test.class.getName()));
        assertTrue(junit.getMessage().contains("an application sees only its own classes"), junit.getMessage());
        assertSame(String.class, loader.loadClass("java.lang.String"));
        assertSame(Context.class, loader.loadClass(Context.class.getName()));
        assertSame(KernelLevel.class, loader.loadClass(KernelLevel.class.getName()),
            "the kernel's classes, for code the transform hook inserts (the verifier refuses them in the app's own)");
        assertThrows(ClassNotFoundException.class, () -> loader.load("com.example.Missing"));
    }

    @Test
    void shouldPassEachDefinedClassThroughTheTransformHookAndNoRefusedOne(@TempDir final Path dir)
            throws Exception {
        Corpus.copy(dir, Greeter.class, SleepsInHandler.class);
        final List<String> transformed = new ArrayList<>();
        final ComponentLoader loader = ComponentLoader.open(dir, KernelLevel.L1, bytes -> {
            transformed.add(java.lang.classfile.ClassFile.of().parse(bytes).thisClass().asInternalName());
            return bytes;
        });
        loader.load(Greeter.class.getName()).getConstructor().newInstance();
        assertThrows(VerificationException.class, () -> loader.load(SleepsInHandler.class.getName()));
        assertEquals(List.of("dev/lepus/kernel/loader/corpus/legit/Greeter"), transformed);
    }

    @Test
    void shouldReportAFailingTransformHookByClass(@TempDir final Path dir) throws Exception {
        final ComponentLoader loader = ComponentLoader.open(Corpus.copy(dir, Greeter.class), KernelLevel.L1,
            bytes -> {
                throw new IllegalStateException("instrumenter broke");
            });
        final ClassNotFoundException ex = assertThrows(ClassNotFoundException.class,
            () -> loader.load(Greeter.class.getName()));
        assertTrue(ex.getMessage().startsWith("the transform hook failed on class " + Greeter.class.getName()),
            ex.getMessage());
    }

    @Test
    void shouldListManifestComponentsAndVerifyAll(@TempDir final Path dir) throws Exception {
        final ComponentLoader loader = ComponentLoader.open(Corpus.copyPackage(dir, Greeter.class), KernelLevel.L1);
        final List<String> components = loader.componentClasses().stream()
            .map(n -> n.substring(n.lastIndexOf('.') + 1)).toList();
        assertEquals(List.of("ConstantsAndAsserts", "EnumPatterns", "Greeter", "InheritedProtocol",
            "LambdasAndStreams", "Shapes", "SocketUser", "ThreadUser", "TimerUser", "TrafficLight"), components);
        final Set<String> refused = loader.verifyAll().stream().map(Violation::className).collect(Collectors.toSet());
        assertEquals(Set.of(ThreadUser.class.getName()), refused, "threads need L3 or L4");
        assertEquals(List.of(), ComponentLoader.open(dir, KernelLevel.L3).verifyAll());
    }

    @Test
    void shouldLoadFromAJar(@TempDir final Path dir) throws Exception {
        final Path classes = Corpus.copyPackage(dir.resolve("classes"), Greeter.class);
        final Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (final Path p : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        final ComponentLoader loader = ComponentLoader.open(jar, KernelLevel.L2);
        assertEquals(10, loader.componentClasses().size());
        assertEquals(Greeter.class.getName(), loader.load(Greeter.class.getName()).getName());
    }

    @Test
    void shouldNameTheFileItCannotOpen(@TempDir final Path dir) throws IOException {
        final NoSuchFileException missing = assertThrows(NoSuchFileException.class,
            () -> ComponentLoader.open(dir.resolve("nope.jar"), KernelLevel.L1));
        assertTrue(missing.getMessage().contains("nope.jar"), missing.getMessage());
        final Path notAJar = Files.writeString(dir.resolve("bad.jar"), "not a zip");
        final IOException bad = assertThrows(IOException.class, () -> ComponentLoader.open(notAJar, KernelLevel.L1));
        assertTrue(bad.getMessage().startsWith(notAJar + ": not a jar file"), bad.getMessage());
        assertFalse(ComponentLoader.open(dir, KernelLevel.L1).verifyAll().iterator().hasNext());
    }

    /** A context that records what the component sends, logs and the exit code it asks for. */
    @SuppressWarnings("unchecked")
    private static Context<Object> context(final List<Object> sent, final List<String> logged,
            final AtomicInteger exitCode) {
        return (Context<Object>) Proxy.newProxyInstance(Context.class.getClassLoader(),
            new Class<?>[] {Context.class}, (proxy, method, args) -> answer(method, args, sent, logged, exitCode));
    }

    private static Object answer(final Method method, final Object[] args, final List<Object> sent,
            final List<String> logged, final AtomicInteger exitCode) {
        switch (method.getName()) {
            case "config" -> {
                return Config.EMPTY;
            }
            case "send" -> {
                sent.add(args[1]);
                return null;
            }
            case "log" -> {
                logged.add((String) args[0]);
                return null;
            }
            case "shutdown" -> {
                exitCode.set((Integer) args[0]);
                return null;
            }
            default -> {
                return null;
            }
        }
    }
}
