package dev.lepus.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.lepus.kernel.ExitStatus;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.kernel.ShutdownReport;
import dev.lepus.kernel.boot.SystemBoot;
import dev.lepus.kernel.description.DescriptionException;
import dev.lepus.kernel.description.DescriptionParser;
import dev.lepus.kernel.description.SystemDescription;
import dev.lepus.kernel.journal.JournalPolicy;
import dev.lepus.kernel.journal.JournalSettings;

/**
 * {@code lepus run FILE}: checks a system description, boots it, and waits until the system shuts itself down (or is
 * interrupted, or its time limit passes). The exit code says how it ended: the code a component passed to
 * {@code shutdown}, 1 when a failure escalated to the node, 2 when the description has mistakes, 124 when the time
 * limit passed, 130 when interrupted.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Boot the system a description file names and run it until it shuts down.")
final class RunCommand implements Callable<Integer> {

    /** Exit code when --max-time passes. */
    static final int EXIT_TIMEOUT = 124;
    /** Exit code on SIGINT/SIGTERM. */
    static final int EXIT_INTERRUPTED = 130;

    @Parameters(index = "0", paramLabel = "FILE", description = "the system description (TOML)")
    private Path file;

    @Option(names = "--max-time", paramLabel = "DURATION",
        description = "stop the system after this long, exit 124 (e.g. 30s, PT1M); default: no limit")
    private String maxTime;

    @Option(names = "--quiet", description = "do not print the shutdown report")
    private boolean quiet;

    @Option(names = "--journal", paramLabel = "DIR",
        description = "journal every input to DIR (one folder per kernel), for lepus replay")
    private Path journal;

    @Option(names = "--watchdog", paramLabel = "DURATION",
        description = "stop any handler that runs longer than this at its next check point (e.g. 500ms, 2s);"
            + " its component fails and its supervisor decides; default: off")
    private String watchdog;

    @Option(names = "--durable", paramLabel = "DIR",
        description = "journal to DIR with fsync per batch, and if DIR holds a journal, resume every component with"
            + " the state of its last committed input (run again with the same arguments after a crash)")
    private Path durable;

    @Option(names = "--journal-policy", paramLabel = "POLICY", defaultValue = "file",
        description = "with --journal: file (default), fsync (force each batch to disk before its outputs are seen)"
            + " or ring (in memory, written to DIR at shutdown)")
    private String journalPolicy;

    @Option(names = "--state", paramLabel = "DIR",
        description = "keep the durable OS state (the description that booted, the component registry and grants) in an"
            + " embedded database under DIR/state, or in the database of --state-url; default: off")
    private Path state;

    @Option(names = "--state-url", paramLabel = "JDBC_URL",
        description = "with --state: a PostgreSQL database (jdbc:postgresql://...) instead of the embedded one")
    private String stateUrl;

    @Option(names = "--snapshot-every", paramLabel = "INPUTS",
        description = "while journaling, snapshot each component every INPUTS inputs (default 10000; 0: never)")
    private Long snapshotEvery;

    /** Rows of the durable OS state's snapshot index, written off the kernels. */
    private final SnapshotIndex snapshotIndex = new SnapshotIndex();

    @Option(names = "--admin", paramLabel = "DIR",
        description = "serve SQL over the running system to lepus sql --connect DIR: loopback TCP, address and token"
            + " in DIR/admin (owner-only); default: off")
    private Path admin;

    @Override
    public Integer call() throws InterruptedException {
        final SystemDescription description;
        try {
            description = new DescriptionParser(Thread.currentThread().getContextClassLoader(),
                NodeSettings.DEFAULT_KERNELS).parse(file);
        } catch (final DescriptionException ex) {
            System.err.println("lepus: " + ex.getMessage());
            return ExitStatus.DESCRIPTION_ERROR;
        }
        final Duration limit = maxTime == null ? null : parseDuration(maxTime, "--max-time");
        final Node node;
        try {
            node = SystemBoot.boot(description, settings());
        } catch (final RuntimeException ex) {
            System.err.println("lepus: cannot boot " + file + ": " + ex.getMessage());
            return ExitStatus.DESCRIPTION_ERROR;
        }
        final Thread hook = Thread.ofPlatform().unstarted(() -> {
            node.shutdown(EXIT_INTERRUPTED, "interrupted");
            node.close();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        System.err.println("lepus: " + description.name() + ": " + description.kernels().size() + " kernel(s), "
            + description.components().size() + " component(s)");
        dev.lepus.store.StateStore store = null;
        dev.lepus.store.fs.AsyncFileStore files = null;
        if (state != null) {
            try {
                store = dev.lepus.store.StateStore.open(stateUrl, state);
                final int n = BootRecord.record(store, description, node.state());
                files = new dev.lepus.store.fs.AsyncFileStore(dev.lepus.store.fs.FileStore.open(store));
                snapshotIndex.start(store);
                final int users = FsWiring.serve(node, description, files);
                System.err.println("lepus: boot recorded in " + store + ": " + n + " component(s) with their grants;"
                    + " file system service 'fs' granted to " + users + " component(s) declaring FS");
            } catch (final java.io.IOException | RuntimeException ex) {
                System.err.println("lepus: --state " + state + ": cannot record the boot: " + ex.getMessage());
                Runtime.getRuntime().removeShutdownHook(hook);
                node.close();
                FsWiring.close(files, store);
                return ExitStatus.FAILURE;
            }
        }
        try {
            node.start();
        } catch (final IllegalStateException ex) {
            System.err.println("lepus: " + ex.getMessage());
            Runtime.getRuntime().removeShutdownHook(hook);
            node.close();
            return ExitStatus.FAILURE;
        }
        dev.lepus.sql.AdminServer adminServer = null;
        if (admin != null) {
            try {
                adminServer = dev.lepus.sql.AdminServer.start(node, admin, adminJournal());
                System.err.println("lepus: admin endpoint on 127.0.0.1:" + adminServer.port() + ", token in "
                    + adminServer.file() + "; query it with lepus sql --connect " + admin);
            } catch (final java.io.IOException | RuntimeException ex) {
                System.err.println("lepus: --admin " + admin + ": cannot start the admin endpoint: " + ex);
                node.shutdown(ExitStatus.FAILURE, "admin endpoint did not start");
            }
        }
        final long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        ExitStatus status = null;
        while (status == null) {
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                node.shutdown(EXIT_TIMEOUT, "time limit of " + maxTime + " passed");
                break;
            }
            status = node.awaitExit(Duration.ofNanos(Math.min(left, Duration.ofSeconds(1).toNanos())));
        }
        if (adminServer != null) {
            adminServer.close();
        }
        final ShutdownReport report = node.stop();
        snapshotIndex.close();
        FsWiring.close(files, store);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException ignored) {
            // the JVM is shutting down already; the hook is running
        }
        if (!quiet) {
            System.err.println(report.describe());
        }
        return report.status().code();
    }

    private NodeSettings settings() {
        final NodeSettings settings = new NodeSettings();
        if (snapshotEvery != null) {
            settings.snapshotEvery(snapshotEvery);
        }
        if (state != null) {
            settings.snapshotListener(snapshotIndex);
        }
        if (watchdog != null) {
            settings.watchdog(parseDuration(watchdog, "--watchdog"));
        }
        if (durable != null) {
            if (journal != null) {
                throw new IllegalArgumentException("--durable and --journal exclude each other: --durable journals"
                    + " with fsync to its own folder");
            }
            return settings.journal(JournalSettings.fsync(durable)).restore(true);
        }
        if (journal != null) {
            final JournalPolicy policy;
            try {
                policy = JournalPolicy.valueOf(journalPolicy.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (final IllegalArgumentException ex) {
                throw new IllegalArgumentException("--journal-policy: '" + journalPolicy
                    + "' is not one of file, fsync, ring");
            }
            settings.journal(JournalSettings.file(journal).withPolicy(policy));
        }
        return settings;
    }

    /** The journal settings for the admin endpoint's journal table (settings() has validated the options). */
    private java.util.Optional<JournalSettings> adminJournal() {
        if (durable != null) {
            return java.util.Optional.of(JournalSettings.fsync(durable));
        }
        if (journal != null) {
            return java.util.Optional.of(JournalSettings.file(journal)
                .withPolicy(JournalPolicy.valueOf(journalPolicy.trim().toUpperCase(java.util.Locale.ROOT))));
        }
        return java.util.Optional.of(JournalSettings.off());
    }

    private static Duration parseDuration(final String text, final String option) {
        final String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t);
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
        } catch (final RuntimeException ex) {
            // fall through to the error below
        }
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new RunCommand()),
            option + ": not a duration: '" + text + "' (use e.g. 500ms, 30s, 2m or PT1M)");
    }
}
