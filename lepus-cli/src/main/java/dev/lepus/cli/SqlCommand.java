package dev.lepus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.lepus.sql.AdminClient;
import dev.lepus.sql.ResultFormat;
import dev.lepus.sql.SqlShell;

/**
 * {@code lepus sql}: queries a running system's tables through its admin endpoint ({@code lepus run --admin DIR}).
 * With a query it prints the result and exits (0, or 1 on an error); without, it opens an interactive shell.
 *
 * <p>Thread contract: runs on the main thread.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Query a running system's state as SQL tables (kernels, components, caps, channels, timers,"
        + " journal, nodes).")
final class SqlCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--connect", paramLabel = "DIR|HOST:PORT:TOKEN", defaultValue = ".",
        description = "the folder given to lepus run --admin (default: the current one), or host:port:token")
    private String connect;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
        description = "table (default), csv or json")
    private ResultFormat format;

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY",
        description = "the query, e.g. \"SELECT name, kernel FROM components\"; none: an interactive shell")
    private String query;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final AdminClient client;
        try {
            client = AdminClient.of(connect);
        } catch (final AdminClient.AdminException ex) {
            err.println("lepus sql: " + ex.getMessage());
            err.flush();
            return 1;
        }
        if (query == null) {
            try {
                return new SqlShell(client, format).run();
            } catch (final IOException ex) {
                err.println("lepus sql: cannot open the terminal: " + ex.getMessage());
                err.flush();
                return 1;
            }
        }
        try {
            out.print(format.format(client.query(query)));
            out.flush();
            return 0;
        } catch (final AdminClient.AdminException ex) {
            err.println("lepus sql: " + ex.getMessage());
            err.flush();
            return 1;
        }
    }
}
