package dev.lepus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code lepus run}: exit codes and messages, against the real example files. */
class RunCommandTest extends ConsoleCapture {

    @Test
    @Timeout(60)
    void shouldRunHelloAndExitWithItsCode() {
        assertEquals(0, Main.execute("run", "../examples/hello.toml"));
        final String stdout = out.toString(StandardCharsets.UTF_8);
        assertTrue(stdout.contains("[hello] Hello from Lepus!") && stdout.contains("[hello] tick 3"), stdout);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("lepus: stopped (exit 0"), err.toString());
    }

    @Test
    void shouldExitTwoAndNameLineAndKeyForBadDescription(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("bad.toml");
        Files.writeString(file, """
            [[component]]
            name = "x"
            class = "dev.lepus.examples.hello.Hello"
            kernal = 1
            """);
        assertEquals(2, Main.execute("run", file.toString()));
        final String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("bad.toml:4:1: component[0](x).kernal: unknown key 'kernal'"), stderr);
    }

    @Test
    @Timeout(60)
    void shouldStopAtMaxTimeWithCode124(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("forever.toml");
        Files.writeString(file, """
            [kernels]
            count = 1
            [[component]]
            name = "hello"
            class = "dev.lepus.examples.hello.Hello"
            config = { times = 1000000, period_ms = 1000 }
            """);
        assertEquals(124, Main.execute("run", "--max-time", "300ms", "--quiet", file.toString()));
    }

    @Test
    void shouldRefuseMissingFile() {
        assertEquals(2, Main.execute("run", "no/such/file.toml"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no/such/file.toml: no such file"));
    }

    @Test
    void shouldRecordTheBootInTheDurableOsState(@TempDir final Path dir) {
        assertEquals(0, Main.execute("run", "--quiet", "--state", dir.toString(), "../examples/badges.toml"));
        assertEquals(0, Main.execute("run", "--quiet", "--state", dir.toString(), "../examples/badges.toml"));
        try (dev.lepus.store.StateStore store = dev.lepus.store.StateStore.open(null, dir)) {
            assertEquals(java.util.List.of("alice", "bob", "ledger"),
                store.components().stream().map(dev.lepus.store.ComponentRow::name).sorted().toList(),
                "the registry holds the latest boot's components, once");
            assertEquals(2, store.grants().size(), "alice's and bob's caps to the ledger");
            assertEquals(2, store.systemDescriptions().size(), "one description row per boot");
            assertTrue(store.latestSystemDescription().orElseThrow().toml().contains("LedgerServer"));
        }
    }

    @Test
    void shouldGiveComponentsThatDeclareFsTheFileSystemService(@TempDir final Path dir) {
        assertEquals(0, Main.execute("run", "--quiet", "--state", dir.toString(), "../examples/notes.toml"));
        assertEquals(0, Main.execute("run", "--quiet", "--state", dir.toString(), "../examples/notes.toml"));
        final String stdout = out.toString(StandardCharsets.UTF_8);
        assertTrue(stdout.contains("a note written at byte 0\na note written at byte 25"), stdout);
    }

    @Test
    void shouldIndexTheJournalsSnapshotsInTheDurableOsState(@TempDir final Path dir) {
        assertEquals(RunCommand.EXIT_TIMEOUT, Main.execute("run", "--quiet", "--durable", dir.resolve("j").toString(),
            "--state", dir.resolve("s").toString(), "--snapshot-every", "20", "--max-time", "1s",
            "../examples/durable.toml"));
        try (dev.lepus.store.StateStore store = dev.lepus.store.StateStore.open(null, dir.resolve("s"))) {
            final long ticker = store.components().stream().filter(c -> c.name().equals("ticker-a")).findFirst()
                .orElseThrow().id();
            final var snapshots = store.snapshotsOf(ticker);
            assertTrue(snapshots.size() >= 3, "a snapshot every 20 inputs for a second of 1 ms ticks: " + snapshots);
            assertEquals("kernel-0", snapshots.get(0).journalFile());
        }
    }
}
