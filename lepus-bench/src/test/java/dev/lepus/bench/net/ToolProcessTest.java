package dev.lepus.bench.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Running a program with a time limit, and finding programs on a search path. */
class ToolProcessTest {

    @Test
    void run_mergesOutputAndErrorAndKeepsTheExitStatus() {
        final ToolProcess.Output output = ToolProcess.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"),
            10_000);
        assertEquals(3, output.exitCode());
        assertEquals("out\nerr\n", output.text());
    }

    @Test
    @Timeout(20)
    void run_overTheTimeLimit_killsTheProgramAndQuotesWhatItPrinted() {
        final ToolException ex = assertThrows(ToolException.class,
            () -> ToolProcess.run(List.of("sh", "-c", "echo started; exec sleep 60"), 300));
        assertTrue(ex.getMessage().contains("did not finish within 300 ms"), ex.getMessage());
        assertTrue(ex.getMessage().contains("started"), ex.getMessage());
    }

    @Test
    void run_missingProgram_throws() {
        final ToolException ex = assertThrows(ToolException.class,
            () -> ToolProcess.run(List.of("/nonexistent/lepus-no-such-program"), 1_000));
        assertTrue(ex.getMessage().startsWith("cannot start /nonexistent/lepus-no-such-program"), ex.getMessage());
    }

    @Test
    void find_returnsTheFirstExecutableOfThatName(@TempDir final Path dir) throws IOException {
        final Path plain = Files.createDirectory(dir.resolve("plain"));
        final Path bin = Files.createDirectory(dir.resolve("bin"));
        Files.writeString(plain.resolve("tool"), "not executable");
        final Path tool = Files.writeString(bin.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        final String searchPath = "" + File.pathSeparator + plain + File.pathSeparator + bin;
        assertEquals(tool, ToolProcess.find("tool", searchPath).orElseThrow());
        assertFalse(ToolProcess.find("other", searchPath).isPresent());
    }

    @Test
    void quote_longOutput_keepsItsEnd() {
        final String text = "a".repeat(ToolProcess.MAX_QUOTED_CHARS) + "the end";
        final String quoted = ToolProcess.quote(text);
        assertTrue(quoted.startsWith("..."));
        assertTrue(quoted.endsWith("the end"));
        assertEquals(ToolProcess.MAX_QUOTED_CHARS + 3, quoted.length());
        assertEquals("(nothing)", ToolProcess.quote(" \n"));
    }
}
