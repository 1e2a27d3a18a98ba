package dev.lepus.sql;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive {@code lepus sql} shell (JLine): line editing, history in {@code ~/.lepus_sql_history}, and
 * completion of SQL keywords, table and column names. A statement ends with {@code ;} or at the end of a line that
 * does not continue it; {@code \d} lists tables, {@code \d TABLE} its columns, {@code \format table|csv|json}
 * switches the output, {@code \q} quits.
 *
 * <p>Thread contract: not threadsafe; run it on the CLI's main thread.
 */
public final class SqlShell {

    private static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "LIMIT",
        "JOIN", "LEFT", "ON", "AND", "OR", "NOT", "AS", "COUNT", "SUM", "MAX", "MIN", "AVG", "DESC", "ASC", "HAVING",
        "DISTINCT", "IS", "NULL", "LIKE", "IN");

    private final AdminClient client;
    private ResultFormat format;

    /**
     * A shell.
     *
     * @param client where queries go
     * @param format the initial output format
     */
    public SqlShell(final AdminClient client, final ResultFormat format) {
        this.client = client;
        this.format = format;
    }

    /**
     * Runs until end of input or {@code \q}.
     *
     * @return 0
     * @throws IOException if the terminal cannot be opened
     */
    public int run() throws IOException {
        final TreeSet<String> words = new TreeSet<>(KEYWORDS);
        for (final Map.Entry<String, List<String>> e : LepusSchema.columns().entrySet()) {
            words.add(e.getKey());
            words.addAll(e.getValue());
        }
        // The exec provider (stty) and the dumb fallback need no native library, so no --enable-native-access.
        try (Terminal terminal = TerminalBuilder.builder().system(true).jni(false).ffm(false).exec(true)
                .dumb(true).build()) {
            final LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("lepus-sql")
                .completer(new StringsCompleter(words))
                .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".lepus_sql_history"))
                .variable(LineReader.HISTORY_SIZE, 1000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // keep \d and != as typed
                .build();
            final PrintWriter out = terminal.writer();
            out.println("lepus sql: connected to " + client.host() + ":" + client.port()
                + "; \\d lists tables, \\q quits");
            final StringBuilder pending = new StringBuilder();
            while (true) {
                final String line;
                try {
                    line = reader.readLine(pending.isEmpty() ? "lepus> " : "   ...> ");
                } catch (final UserInterruptException ex) {
                    pending.setLength(0);
                    continue;
                } catch (final EndOfFileException ex) {
                    return 0;
                }
                final String t = line.strip();
                if (pending.isEmpty() && t.startsWith("\\")) {
                    if (!command(t, out)) {
                        return 0;
                    }
                    continue;
                }
                pending.append(pending.isEmpty() ? "" : " ").append(t);
                if (t.isEmpty() || t.endsWith(";") || !continues(pending)) {
                    final String sql = AdminServer.stripSemicolon(pending.toString());
                    pending.setLength(0);
                    if (!sql.isEmpty()) {
                        execute(sql, out);
                    }
                }
                out.flush();
            }
        }
    }

    /** A statement continues on the next line while its parentheses are open. */
    private static boolean continues(final CharSequence sql) {
        int depth = 0;
        for (int i = 0; i < sql.length(); i++) {
            depth += sql.charAt(i) == '(' ? 1 : sql.charAt(i) == ')' ? -1 : 0;
        }
        return depth > 0;
    }

    private void execute(final String sql, final PrintWriter out) {
        try {
            out.print(format.format(client.query(sql)));
        } catch (final AdminClient.AdminException ex) {
            out.println("error: " + ex.getMessage());
        }
    }

    private boolean command(final String t, final PrintWriter out) {
        final String[] p = t.split("\\s+");
        switch (p[0]) {
            case "\\q", "\\quit" -> {
                return false;
            }
            case "\\d" -> {
                if (p.length == 1) {
                    LepusSchema.columns().keySet().forEach(out::println);
                } else {
                    final List<String> cols = LepusSchema.columns().get(p[1].toLowerCase(Locale.ROOT));
                    out.println(cols == null ? "no table " + p[1] : String.join(", ", cols));
                }
            }
            case "\\format" -> {
                try {
                    format = ResultFormat.valueOf(p.length > 1 ? p[1].toUpperCase(Locale.ROOT) : "");
                } catch (final IllegalArgumentException ex) {
                    out.println("formats: table, csv, json");
                }
            }
            default -> out.println("commands: \\d [TABLE], \\format table|csv|json, \\q");
        }
        out.flush();
        return true;
    }

    /**
     * The words the shell completes (for tests and docs).
     *
     * @return table names, column names and keywords
     */
    public static List<String> completions() {
        final List<String> all = new ArrayList<>(KEYWORDS);
        LepusSchema.columns().forEach((k, v) -> {
            all.add(k);
            all.addAll(v);
        });
        return all;
    }
}
