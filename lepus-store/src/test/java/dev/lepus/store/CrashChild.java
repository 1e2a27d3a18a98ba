package dev.lepus.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import dev.lepus.store.fs.FileStore;

/**
 * A child JVM that changes the store in a loop and reports each commit on stdout, so that a test can kill it with
 * SIGKILL in the middle of a transaction and check that the store holds only whole ones.
 *
 * <p>Modes: {@code spawn} registers components with {@link StateStoreContractTest#GRANTS_PER_SPAWN} grants each;
 * {@code fs} overwrites {@value #FS_FILE} with {@value #FS_FILE_BYTES} bytes of one value, a new value each time.
 */
public final class CrashChild {

    /** The file the {@code fs} mode overwrites. */
    public static final String FS_FILE = "/crash/file";

    /** Its size: 1 MiB and a partial block. */
    public static final int FS_FILE_BYTES = 1024 * 1024 + 1000;

    private CrashChild() {
    }

    /**
     * @param args mode, URL or {@code -} for H2, data directory
     */
    public static void main(final String[] args) {
        final String url = args[1].equals("-") ? null : args[1];
        try (StateStore store = StateStore.open(url, Path.of(args[2]))) {
            if (args[0].equals("spawn")) {
                long id = store.components().stream().mapToLong(ComponentRow::id).max().orElse(0) + 1;
                while (true) {
                    store.registerSpawn(StateStoreContractTest.component(id),
                        StateStoreContractTest.grants(id, StateStoreContractTest.GRANTS_PER_SPAWN));
                    System.out.println("committed " + id++);
                    System.out.flush();
                }
            } else {
                final FileStore fs = FileStore.open(store);
                fs.createDirectories("/crash");
                final byte[] bytes = new byte[FS_FILE_BYTES];
                for (int k = 1; ; k++) {
                    Arrays.fill(bytes, (byte) k);
                    fs.write(FS_FILE, 0, bytes);
                    System.out.println("committed " + k);
                    System.out.flush();
                }
            }
        }
    }

    /**
     * Starts a child on {@code backend}, waits until it has committed {@code commits} times, and kills it with
     * SIGKILL.
     *
     * @param backend the database
     * @param mode    {@code spawn} or {@code fs}
     * @param commits commits to wait for
     * @throws Exception when the child cannot run or dies early
     */
    public static void runAndKill(final Backend backend, final String mode, final int commits) throws Exception {
        final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
            CrashChild.class.getName(), mode, backend.jdbcUrlOrNull() == null ? "-" : backend.jdbcUrlOrNull(),
            backend.dataDir().toString())
            .redirectError(backend.dataDir().resolve("crash-child.err").toFile())
            .start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            int seen = 0;
            while (seen < commits) {
                final String line = r.readLine();
                if (line == null) {
                    throw new IllegalStateException("crash child (" + mode + ") exited with " + p.waitFor()
                        + " after " + seen + " commits; its stderr: "
                        + Files.readString(backend.dataDir().resolve("crash-child.err")));
                }
                if (line.startsWith("committed ")) {
                    seen++;
                }
            }
        } finally {
            p.destroyForcibly();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("crash child did not die");
            }
        }
    }
}
