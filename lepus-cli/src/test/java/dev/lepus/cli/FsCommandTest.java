package dev.lepus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lepus fs}: put, ls, cat and rm against the tables of an embedded state store. */
class FsCommandTest extends ConsoleCapture {

    @Test
    void shouldPutListCatAndRemoveAFile(@TempDir final Path dir) throws Exception {
        final Path local = dir.resolve("hello.txt");
        final String text = "hello, tables\n".repeat(10_000); // several blocks
        Files.writeString(local, text);
        final String state = dir.resolve("state").toString();
        assertEquals(0, Main.execute("fs", "--state", state, "put", local.toString(), "/docs/hello.txt"));
        out.reset();
        assertEquals(0, Main.execute("fs", "--state", state, "ls", "/docs"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(text.length() + " hello.txt"), out.toString());
        out.reset();
        assertEquals(0, Main.execute("fs", "--state", state, "cat", "/docs/hello.txt"));
        assertEquals(text, out.toString(StandardCharsets.UTF_8));
        assertEquals(0, Main.execute("fs", "--state", state, "rm", "/docs/hello.txt"));
        assertEquals(1, Main.execute("fs", "--state", state, "cat", "/docs/hello.txt"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("/docs/hello.txt"), err.toString());
        assertEquals(1, Main.execute("fs", "--state", state, "cat", "relative/path"));
        assertEquals(2, Main.execute("fs", "--state", state, "mv", "/a"));
    }
}
