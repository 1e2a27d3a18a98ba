package dev.lepus.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.lepus.api.ApiGroup;
import dev.lepus.kernel.KernelLevel;
import dev.lepus.kernel.loader.ApplicationClasses;
import dev.lepus.kernel.loader.Compatibility;
import dev.lepus.kernel.loader.Violation;

/**
 * {@code lepus compat FILE|JAR|DIR}: for each component (those a system description names, or every component class
 * with a {@code @Manifest} in a jar or class folder), verifies its bytecode and the application classes it reaches
 * for each kernel level, and prints a matrix: one row per component with its declared API groups, one column per
 * level, "ok" where it may run. Under the table, each refusal is listed once with the levels it applies to, as
 * {@code L1 L2: Class.method(desc) @offset: rule: detail}. Exit code 0 once the input is read, whatever the verdicts;
 * 2 when the input cannot be read.
 *
 * <p>Thread contract: runs on the main thread.
 */
@Command(name = "compat", mixinStandardHelpOptions = true,
    description = "Show on which kernel levels (L1..L4) each component may run, and what refuses it elsewhere.")
final class CompatCommand implements Callable<Integer> {

    /** Exit code when the input cannot be read. */
    static final int EXIT_UNREADABLE = 2;

    @Parameters(index = "0", paramLabel = "FILE|JAR|DIR",
        description = "a system description (.toml), an application jar, or a class folder")
    private Path target;

    /** One row of the matrix: a component and its verdicts, or why it could not be checked. */
    private record Row(String name, String className, Optional<Compatibility> verdict, String problem) {
    }

    @Override
    public Integer call() {
        final List<Row> rows;
        try {
            rows = Files.isDirectory(target) || target.toString().endsWith(".jar") ? application(target)
                : description(target);
        } catch (final IOException ex) {
            System.err.println("lepus compat: cannot read " + target + ": " + ex.getMessage());
            return EXIT_UNREADABLE;
        } catch (final IllegalArgumentException ex) {
            System.err.println("lepus compat: " + ex.getMessage());
            return EXIT_UNREADABLE;
        }
        if (rows.isEmpty()) {
            System.out.println("no components in " + target + " (a component class implements dev.lepus.api.Component"
                + " and carries @Manifest)");
            return 0;
        }
        print(rows, System.out);
        return 0;
    }

    private static List<Row> application(final Path jarOrDir) throws IOException {
        final ApplicationClasses app = ApplicationClasses.read(jarOrDir);
        final List<Row> rows = new ArrayList<>();
        for (final Compatibility c : Compatibility.of(app)) {
            rows.add(new Row(c.manifestName().orElse(simple(c.componentClass())), c.componentClass(), Optional.of(c),
                ""));
        }
        return rows;
    }

    private static List<Row> description(final Path file) throws IOException {
        final TomlParseResult toml = Toml.parse(file);
        if (toml.hasErrors()) {
            throw new IllegalArgumentException(toml.errors().stream().map(TomlParseError::toString)
                .map(e -> file + ": " + e).collect(Collectors.joining("\n")));
        }
        final TomlArray components = toml.isArray("component") ? toml.getArray("component") : null;
        if (components == null) {
            return List.of();
        }
        final Path folder = file.toAbsolutePath().getParent();
        final Map<Path, ApplicationClasses> apps = new HashMap<>();
        final List<Row> rows = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            if (!(components.get(i) instanceof TomlTable t)) {
                continue;
            }
            final String name = t.isString("name") ? t.getString("name") : "component[" + i + "]";
            final String className = t.isString("class") ? t.getString("class") : null;
            if (className == null) {
                rows.add(new Row(name, "?", Optional.empty(), "the description names no class"));
                continue;
            }
            rows.add(row(name, className, t.isString("classpath") ? t.getString("classpath") : null, folder, apps));
        }
        return rows;
    }

    private static Row row(final String name, final String className, final String classpath, final Path folder,
            final Map<Path, ApplicationClasses> apps) {
        final ApplicationClasses app;
        if (classpath != null) {
            final Path where = (folder == null ? Path.of(classpath) : folder.resolve(classpath)).normalize();
            try {
                app = apps.containsKey(where) ? apps.get(where) : ApplicationClasses.read(where);
            } catch (final IOException ex) {
                return new Row(name, className, Optional.empty(), "cannot read classpath " + where + ": "
                    + ex.getMessage());
            }
            apps.put(where, app);
            if (!app.contains(className)) {
                return new Row(name, className, Optional.empty(), "class " + className + " not found in " + where);
            }
        } else {
            try {
                app = ApplicationClasses.reachableFrom(Thread.currentThread().getContextClassLoader(), className);
            } catch (final ClassNotFoundException ex) {
                return new Row(name, className, Optional.empty(), ex.getMessage());
            }
        }
        try {
            return new Row(name, className, Optional.of(Compatibility.of(app, className)), "");
        } catch (final IllegalArgumentException ex) {
            return new Row(name, className, Optional.empty(), ex.getMessage());
        }
    }

    /** Prints the matrix, then the reasons of each component that is refused somewhere. */
    static void print(final List<Row> rows, final PrintStream out) {
        final List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"component", "class", "groups", "L1", "L2", "L3", "L4"});
        for (final Row r : rows) {
            final String[] line = new String[7];
            line[0] = r.name();
            line[1] = simple(r.className());
            line[2] = r.verdict().map(c -> c.groups().stream().sorted().map(ApiGroup::name)
                .collect(Collectors.joining(","))).orElse("?");
            for (final KernelLevel level : KernelLevel.values()) {
                line[3 + level.ordinal()] = r.verdict().map(c -> c.ok(level) ? "ok" : "").orElse("");
            }
            cells.add(line);
        }
        final int[] widths = new int[7];
        for (final String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (final String[] line : cells) {
            final StringBuilder b = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                b.append(i == 0 ? "" : "  ").append(line[i]).append(" ".repeat(widths[i] - line[i].length()));
            }
            out.println(b.toString().stripTrailing());
        }
        for (final Row r : rows) {
            final List<String> reasons = reasons(r);
            if (!reasons.isEmpty()) {
                out.println();
                out.println(r.name() + " (" + r.className() + "):");
                reasons.forEach(line -> out.println("  " + line));
            }
        }
    }

    /** Each violation once, with the levels it refuses the component on: {@code L1 L2: where: rule: detail}. */
    private static List<String> reasons(final Row r) {
        if (r.verdict().isEmpty()) {
            return List.of("all levels: " + r.problem());
        }
        final Map<Violation, List<String>> levels = new LinkedHashMap<>();
        for (final KernelLevel level : KernelLevel.values()) {
            for (final Violation v : r.verdict().get().violations().get(level)) {
                levels.computeIfAbsent(v, k -> new ArrayList<>()).add(level.name());
            }
        }
        final List<String> lines = new ArrayList<>();
        levels.forEach((v, ls) -> lines.add(String.join(" ", ls) + ": " + v.toShortString()));
        return lines;
    }

    private static String simple(final String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
