package dev.lepus.kernel.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lepus.kernel.ExitStatus;
import dev.lepus.kernel.KernelLevel;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.kernel.boot.SystemBoot;
import dev.lepus.kernel.description.DescriptionException;
import dev.lepus.kernel.description.DescriptionParser;
import dev.lepus.kernel.description.SystemDescription;
import dev.lepus.kernel.loader.corpus.hostile.SleepsInHandler;
import dev.lepus.kernel.loader.corpus.legit.Greeter;

/** {@code classpath = ...} in a system description: the class comes from a verified application, or is refused. */
class ClasspathDescriptionTest {

    private static SystemDescription parse(final Path file) throws DescriptionException {
        return new DescriptionParser(ClasspathDescriptionTest.class.getClassLoader(), 2).parse(file);
    }

    @Test
    @Timeout(30)
    void shouldBootAComponentLoadedFromAClassFolderNextToTheDescription(@TempDir final Path dir) throws Exception {
        Corpus.copy(dir.resolve("apps/greeter"), Greeter.class);
        final Path file = Files.writeString(dir.resolve("sys.toml"), """
            [[kernel]]
            level = "L1"
            [[component]]
            name = "greeter"
            class = "%s"
            classpath = "apps/greeter"
            kernel = 0
            config = { name = "classpath" }
            """.formatted(Greeter.class.getName()));
        final SystemDescription d = parse(file);
        final Class<?> type = d.components().getFirst().type();
        final ComponentLoader loader = assertInstanceOf(ComponentLoader.class, type.getClassLoader());
        assertEquals(KernelLevel.L1, loader.level());

        final ByteArrayOutputStream console = new ByteArrayOutputStream();
        final Node node = SystemBoot.boot(d, new NodeSettings()
            .console(new PrintStream(console, true, StandardCharsets.UTF_8)));
        try {
            node.start();
            final ExitStatus exit = node.awaitExit(Duration.ofSeconds(20));
            assertEquals(7, exit.code(), exit.toString());
        } finally {
            node.stop();
        }
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("hello, classpath (1)"), console.toString());
    }

    @Test
    void shouldReportEachViolationAtTheComponentsClassKey(@TempDir final Path dir) throws Exception {
        Corpus.copy(dir.resolve("app"), SleepsInHandler.class);
        final Path file = Files.writeString(dir.resolve("sys.toml"), """
            [[kernel]]
            level = "L2"
            [[kernel]]
            level = "L4"
            [[component]]
            name = "sleeper"
            class = "%s"
            classpath = "app"
            kernel = 0
            """.formatted(SleepsInHandler.class.getName()));
        final List<String> errors = assertThrows(DescriptionException.class, () -> parse(file)).errors();
        assertEquals(List.of(file + ":7:1: component[0](sleeper).class: refused by the loader for kernel level L2: "
            + SleepsInHandler.class.getName() + ".onMessage(Ldev/lepus/api/Context;Ljava/lang/String;)V @3:"
            + " blocking call: java/lang/Thread.sleep(J)V"), errors);
        Files.writeString(file, Files.readString(file).replace("kernel = 0", "kernel = 1"));
        assertEquals(KernelLevel.L4, ((ComponentLoader) parse(file).components().getFirst().type().getClassLoader())
            .level(), "on the L4 kernel it may sleep");
    }

    @Test
    void shouldVerifyASpreadComponentForTheStrictestKernel(@TempDir final Path dir) throws Exception {
        Corpus.copy(dir.resolve("app"), SleepsInHandler.class);
        final Path file = Files.writeString(dir.resolve("sys.toml"), """
            [[kernel]]
            level = "L4"
            [[kernel]]
            level = "L1"
            [[component]]
            name = "sleeper"
            class = "%s"
            classpath = "app"
            """.formatted(SleepsInHandler.class.getName()));
        final List<String> errors = assertThrows(DescriptionException.class, () -> parse(file)).errors();
        assertEquals(1, errors.size());
        assertTrue(errors.getFirst().contains("refused by the loader for kernel level L1"), errors.getFirst());
    }

    @Test
    void shouldNameAMissingClasspathOrClass(@TempDir final Path dir) throws Exception {
        Corpus.copy(dir.resolve("app"), Greeter.class);
        final Path file = Files.writeString(dir.resolve("sys.toml"), """
            [[component]]
            name = "a"
            class = "%s"
            classpath = "nowhere.jar"
            [[component]]
            name = "b"
            class = "com.example.Missing"
            classpath = "app"
            """.formatted(Greeter.class.getName()));
        final List<String> errors = assertThrows(DescriptionException.class, () -> parse(file)).errors();
        assertEquals(List.of(
            file + ":4:1: component[0](a).classpath: no such jar file or class folder: " + dir.resolve("nowhere.jar"),
            file + ":7:1: component[1](b).class: class com.example.Missing not found in " + dir.resolve("app")),
            errors);
    }
}
