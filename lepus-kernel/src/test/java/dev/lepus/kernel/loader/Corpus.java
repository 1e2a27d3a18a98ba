package dev.lepus.kernel.loader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Manifest;

/** Reads the corpus's class files from the test class path, and copies them into folders for the loader. */
final class Corpus {

    private Corpus() {
    }

    /** The class file of a class, as the verifier gets it. */
    static byte[] bytes(final Class<?> c) {
        final String name = c.getName().replace('.', '/') + ".class";
        try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no class file " + name + " on the test class path");
            }
            return in.readAllBytes();
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot read " + name, ex);
        }
    }

    /** The class files of a top-level class and of every class nested in it. */
    static List<byte[]> withNested(final Class<?> c) {
        final List<byte[]> out = new ArrayList<>();
        for (final Path p : files(c)) {
            try {
                out.add(Files.readAllBytes(p));
            } catch (final IOException ex) {
                throw new UncheckedIOException("cannot read " + p, ex);
            }
        }
        return out;
    }

    /** The API groups a class's manifest declares ({@code CORE} for a class without one, as the tests use it). */
    static Set<ApiGroup> groups(final Class<?> c) {
        final Manifest m = c.getAnnotation(Manifest.class);
        final Set<ApiGroup> groups = EnumSet.of(ApiGroup.CORE);
        if (m != null) {
            groups.addAll(Arrays.asList(m.groups()));
        }
        return groups;
    }

    /** Copies the class files of top-level classes and their nested classes into a class folder. */
    static Path copy(final Path into, final Class<?>... classes) {
        for (final Class<?> c : classes) {
            final Path target = into.resolve(c.getPackageName().replace('.', '/'));
            try {
                Files.createDirectories(target);
                for (final Path p : files(c)) {
                    Files.copy(p, target.resolve(p.getFileName().toString()));
                }
            } catch (final IOException ex) {
                throw new UncheckedIOException("cannot copy " + c.getName() + " into " + into, ex);
            }
        }
        return into;
    }

    /** Copies every class file of a class's package (not its sub-packages) into a class folder. */
    static Path copyPackage(final Path into, final Class<?> any) {
        final Path folder = folder(any);
        final Path target = into.resolve(any.getPackageName().replace('.', '/'));
        try (Stream<Path> files = Files.list(folder)) {
            Files.createDirectories(target);
            for (final Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                Files.copy(p, target.resolve(p.getFileName().toString()));
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot copy package " + any.getPackageName(), ex);
        }
        return into;
    }

    private static List<Path> files(final Class<?> c) {
        final String simple = c.getName().substring(c.getName().lastIndexOf('.') + 1);
        try (Stream<Path> files = Files.list(folder(c))) {
            return files.filter(p -> {
                final String f = p.getFileName().toString();
                return f.equals(simple + ".class") || (f.startsWith(simple + "$") && f.endsWith(".class"));
            }).sorted().toList();
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot list the class files of " + c.getName(), ex);
        }
    }

    private static Path folder(final Class<?> c) {
        final URL url = c.getResource(c.getSimpleName() + ".class");
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException("the corpus must be a class folder, not " + url);
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (final URISyntaxException ex) {
            throw new IllegalStateException("bad class file URL " + url, ex);
        }
    }
}
