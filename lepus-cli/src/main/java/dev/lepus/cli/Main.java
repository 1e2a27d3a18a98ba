package dev.lepus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lepus} command. {@code bin/lepus} finds a JDK 25, builds what is stale, and calls this.
 *
 * <p>Thread contract: runs on the main thread.
 */
@Command(name = "lepus", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Lepus: a component-based, capability-secured multikernel OS for the JVM.",
    subcommands = {RunCommand.class, ReplayCommand.class, SqlCommand.class, FsCommand.class, CompatCommand.class,
        BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private Main() {
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(final String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     * @return the exit code
     */
    public static int execute(final String... args) {
        final CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        // "bench net --pairs 3": what follows the first name is the network benchmark's own options.
        cli.getSubcommands().get("bench").setStopAtPositional(true);
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"lepus " + (v == null ? "(development build)" : v) + ", Java "
                + Runtime.version()};
        }
    }
}
