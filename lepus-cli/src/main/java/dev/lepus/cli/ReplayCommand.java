package dev.lepus.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.lepus.kernel.Replayer;

/**
 * {@code lepus replay JOURNAL_DIR}: rebuilds the journaled components from their inputs in fresh instances, checks
 * every event's outputs against the journaled digests, and reports the first divergence of each component. Exit
 * code 0 when everything matched, 1 when a component diverged, 2 when the journal could not be read (a corrupt part
 * is reported with its file and offset; the rest is still replayed).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay a journal: rebuild components from their inputs and verify their outputs.")
final class ReplayCommand implements Callable<Integer> {

    /** Exit code when a component diverged. */
    static final int EXIT_DIVERGED = 1;
    /** Exit code when the journal is missing or damaged. */
    static final int EXIT_BAD_JOURNAL = 2;

    @Parameters(index = "0", paramLabel = "JOURNAL_DIR", description = "the journal folder (of a node or a kernel)")
    private Path dir;

    @Option(names = "--component", paramLabel = "NAME|ID", description = "replay only this component")
    private String component;

    @Option(names = "--until", paramLabel = "SEQ", description = "stop each component after this input")
    private Long until;

    @Option(names = "--from-snapshot",
        description = "start each component from its newest valid snapshot (faster; checks only what follows it)")
    private boolean fromSnapshot;

    @Option(names = "--trace", description = "print each event, its outputs and the component's state after it")
    private boolean trace;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            System.err.println("lepus replay: " + dir + " is not a journal folder");
            return EXIT_BAD_JOURNAL;
        }
        final Replayer.Options options = new Replayer.Options().progress(System.err)
            .loader(Thread.currentThread().getContextClassLoader());
        if (component != null) {
            options.component(component);
        }
        if (until != null) {
            options.until(until);
        }
        if (trace) {
            options.trace(System.out);
        }
        options.fromSnapshot(fromSnapshot);
        final Replayer.Result result = Replayer.replay(dir, options);
        for (final String note : result.notes()) {
            System.err.println("lepus replay: note: " + note);
        }
        for (final String problem : result.problems()) {
            System.err.println("lepus replay: " + problem);
        }
        for (final Replayer.Divergence d : result.divergences()) {
            System.out.println("DIVERGED " + d);
        }
        System.out.println("replayed " + result.components() + " component(s), " + result.events() + " event(s): "
            + (result.divergences().isEmpty() ? "all outputs matched"
                : result.divergences().size() + " component(s) diverged"));
        if (component != null && result.components() == 0) {
            System.err.println("lepus replay: no component named '" + component + "' in " + dir);
            return EXIT_BAD_JOURNAL;
        }
        if (!result.divergences().isEmpty()) {
            return EXIT_DIVERGED;
        }
        return result.problems().isEmpty() ? 0 : EXIT_BAD_JOURNAL;
    }
}
