package dev.lepus.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.lepus.store.StateStore;
import dev.lepus.store.fs.DirEntry;
import dev.lepus.store.fs.FileStore;
import dev.lepus.store.fs.FileStoreException;

/**
 * {@code lepus fs ls|cat|put|rm}: the file system that Lepus keeps as tables (files, directories, blocks) in the
 * durable OS state, for people. Exit 0 on success, 1 when the file system refuses (missing file, bad path, too large),
 * 2 on a usage mistake.
 */
@Command(name = "fs", mixinStandardHelpOptions = true,
    description = "The file system kept as tables in the durable OS state: ls PATH, cat PATH, put LOCAL PATH, rm PATH.")
final class FsCommand implements Callable<Integer> {

    @Option(names = "--state", paramLabel = "DIR", required = true,
        description = "the durable OS state folder (as for lepus run --state)")
    private Path state;

    @Option(names = "--state-url", paramLabel = "JDBC_URL", description = "a PostgreSQL database instead")
    private String stateUrl;

    @Parameters(index = "0", paramLabel = "ls|cat|put|rm", description = "what to do")
    private String verb;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "the path (put: the local file, then the path)")
    private List<String> args = List.of();

    @Override
    public Integer call() throws IOException {
        final int want = verb.equals("put") ? 2 : 1;
        if (!List.of("ls", "cat", "put", "rm").contains(verb) || args.size() != want) {
            System.err.println("lepus fs: usage: lepus fs --state DIR ls PATH | cat PATH | put LOCAL PATH | rm PATH");
            return 2;
        }
        try (StateStore store = StateStore.open(stateUrl, state)) {
            final FileStore fs = FileStore.open(store);
            switch (verb) {
                case "ls" -> {
                    for (final DirEntry e : fs.list(args.get(0))) {
                        System.out.printf(java.util.Locale.ROOT, "%s %12d %s%n", e.directory() ? "d" : "-", e.size(),
                            e.name());
                    }
                }
                case "cat" -> {
                    final long size = fs.open(args.get(0)).size();
                    for (long off = 0; off < size; off += fs.blockSizeBytes()) {
                        System.out.write(fs.read(args.get(0), off, (int) Math.min(fs.blockSizeBytes(), size - off)));
                    }
                    System.out.flush();
                }
                case "put" -> {
                    final byte[] bytes = Files.readAllBytes(Path.of(args.get(0)));
                    final String path = args.get(1);
                    final int slash = path.lastIndexOf('/');
                    if (slash > 0) {
                        fs.createDirectories(path.substring(0, slash));
                    }
                    if (fs.exists(path)) {
                        fs.delete(path);
                    }
                    System.out.println(fs.write(path, 0, bytes));
                }
                default -> fs.delete(args.get(0));
            }
            return 0;
        } catch (final FileStoreException | IllegalArgumentException ex) {
            System.err.println("lepus fs: " + ex.getMessage());
            return 1;
        }
    }
}
