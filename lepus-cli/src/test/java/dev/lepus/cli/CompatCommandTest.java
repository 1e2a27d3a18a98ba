package dev.lepus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lepus.api.Component;

/** {@code lepus compat}: the level matrix and its reasons, for class folders and descriptions. */
class CompatCommandTest extends ConsoleCapture {

    private static final String SLEEPER = """
        package app;

        import dev.lepus.api.Component;
        import dev.lepus.api.Context;
        import dev.lepus.api.Manifest;

        @Manifest(name = "sleeper")
        public final class Sleeper implements Component<String> {
            @Override
            public void onMessage(final Context<String> ctx, final String message) {
                try {
                    Thread.sleep(5);
                } catch (final InterruptedException ex) {
                    ctx.log("interrupted");
                }
            }
        }
        """;

    private static final String WORKER = """
        package app;

        import dev.lepus.api.ApiGroup;
        import dev.lepus.api.Component;
        import dev.lepus.api.Context;
        import dev.lepus.api.Manifest;

        @Manifest(name = "worker", groups = {ApiGroup.CORE, ApiGroup.THREADS})
        public final class Worker implements Component<String> {
            @Override
            public void onMessage(final Context<String> ctx, final String message) {
                Thread.ofVirtual().start(() -> { });
                ctx.log("now " + System.nanoTime());
            }
        }
        """;

    private static final String CLEAN = """
        package app;

        import dev.lepus.api.Component;
        import dev.lepus.api.Context;
        import dev.lepus.api.Manifest;

        @Manifest(name = "clean")
        public final class Clean implements Component<Clean.Msg> {
            public record Msg(String text, java.util.List<Long> values) { }

            @Override
            public void onMessage(final Context<Msg> ctx, final Msg message) {
                ctx.log(message.text() + message.values().stream().mapToLong(Long::longValue).sum());
            }
        }
        """;

    @Test
    void shouldShowTheExamplesOkOnEveryLevel() {
        assertEquals(0, Main.execute("compat", "../examples/pingpong.toml"));
        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of("component  class  groups       L1  L2  L3  L4",
            "ping       Ping   CORE,TIMERS  ok  ok  ok  ok",
            "pong       Pong   CORE,TIMERS  ok  ok  ok  ok"), lines);
    }

    @Test
    void shouldPrintTheMatrixAndTheReasonsUnderIt(@TempDir final Path dir) throws Exception {
        final Path classes = compile(dir, SLEEPER, WORKER, CLEAN);
        assertEquals(0, Main.execute("compat", classes.toString()));
        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        final String header = lines.getFirst();
        assertEquals("ok ok ok ok", cells(header, row(lines, "clean")));
        assertEquals("- - ok ok", cells(header, row(lines, "sleeper")));
        assertEquals("- - - -", cells(header, row(lines, "worker")));
        assertTrue(row(lines, "worker").contains("CORE,THREADS"), row(lines, "worker"));
        final String text = String.join("\n", lines);
        assertTrue(text.contains("sleeper (app.Sleeper):\n  L1 L2: Sleeper.onMessage(Ldev/lepus/api/Context;"
            + "Ljava/lang/String;)V @3: blocking call: java/lang/Thread.sleep(J)V"), text);
        assertTrue(text.contains("  L1 L2: Worker.onMessage(Ldev/lepus/api/Context;Ljava/lang/String;)V @0:"
            + " thread use: java/lang/Thread.ofVirtual()Ljava/lang/Thread$Builder$OfVirtual;"), text);
        assertTrue(text.contains("  L1 L2 L3 L4: Worker.onMessage(Ldev/lepus/api/Context;Ljava/lang/String;)V"
            + " @15: direct clock: java/lang/System.nanoTime()J"), text);
        assertTrue(!text.contains("clean (app.Clean):"), "nothing to say about a component that runs everywhere");
    }

    @Test
    void shouldReadADescriptionWithClasspathsAndSayWhatItCannotFind(@TempDir final Path dir) throws Exception {
        compile(dir, SLEEPER);
        final Path file = Files.writeString(dir.resolve("sys.toml"), """
            [[component]]
            name = "hello"
            class = "dev.lepus.examples.hello.Hello"
            [[component]]
            name = "sleepy"
            class = "app.Sleeper"
            classpath = "classes"
            [[component]]
            name = "ghost"
            class = "app.Ghost"
            classpath = "classes"
            """);
        assertEquals(0, Main.execute("compat", file.toString()));
        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        final String header = lines.getFirst();
        assertEquals("ok ok ok ok", cells(header, row(lines, "hello")));
        assertEquals("- - ok ok", cells(header, row(lines, "sleepy")));
        assertEquals("- - - -", cells(header, row(lines, "ghost")));
        assertTrue(lines.contains("  all levels: class app.Ghost not found in " + dir.resolve("classes")),
            String.join("\n", lines));
    }

    @Test
    void shouldExitTwoWhenTheInputCannotBeRead(@TempDir final Path dir) throws Exception {
        assertEquals(CompatCommand.EXIT_UNREADABLE, Main.execute("compat", dir.resolve("none.toml").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read"), err.toString());
        final Path bad = Files.writeString(dir.resolve("bad.toml"), "[[component]\nname = ");
        assertEquals(CompatCommand.EXIT_UNREADABLE, Main.execute("compat", bad.toString()));
    }

    /** Compiles sources (package {@code app}) against the API into {@code dir/classes}. */
    private static Path compile(final Path dir, final String... sources) throws Exception {
        final Path src = Files.createDirectories(dir.resolve("src/app"));
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        final List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-cp",
            Path.of(Component.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()));
        for (final String s : sources) {
            final String name = s.substring(s.indexOf("class ") + 6, s.indexOf(" implements"));
            args.add(Files.writeString(src.resolve(name + ".java"), s).toString());
        }
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "javac failed");
        return classes;
    }

    private static String row(final List<String> lines, final String name) {
        return lines.stream().filter(l -> l.startsWith(name + " ")).findFirst()
            .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + String.join("\n", lines)));
    }

    /** The four level cells of a row, "-" for an empty one, read at the header's columns. */
    private static String cells(final String header, final String row) {
        final StringBuilder b = new StringBuilder();
        for (final String level : List.of("L1", "L2", "L3", "L4")) {
            final int at = header.indexOf(level);
            final String cell = row.length() >= at + 2 ? row.substring(at, at + 2) : "  ";
            b.append(b.isEmpty() ? "" : " ").append(cell.isBlank() ? "-" : cell);
        }
        return b.toString();
    }
}
