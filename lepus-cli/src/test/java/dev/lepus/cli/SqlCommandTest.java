package dev.lepus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.sql.AdminServer;

/** {@code lepus sql} against a live node with an admin endpoint. */
class SqlCommandTest {

    private static final String QUERY = "SELECT name, kernel FROM components ORDER BY name";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Node node;
    private AdminServer server;

    /** Does nothing. */
    static final class Idle implements Component<Object> {
        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
            // nothing
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        node = new Node(new NodeSettings().kernels(2));
        node.spawn(Spawn.of("db", Idle::new).onKernel(0));
        node.spawn(Spawn.of("web, front", Idle::new).onKernel(1));
        node.start();
        server = AdminServer.start(node, dir);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        server.close();
        node.shutdown(0, "test over");
        node.stop();
    }

    private int sql(final String... args) {
        return new CommandLine(new SqlCommand()).setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void shouldPrintAnAlignedTable() {
        assertEquals(0, sql("--connect", dir.toString(), QUERY));
        assertEquals("""
            name       | kernel
            -----------+-------
            db         |      0
            web, front |      1
            (2 rows)
            """, out.toString());
    }

    @Test
    void shouldPrintCsv() {
        assertEquals(0, sql("--connect", dir.toString(), "--format", "csv", QUERY));
        assertEquals("name,kernel\r\ndb,0\r\n\"web, front\",1\r\n", out.toString());
    }

    @Test
    void shouldPrintJson() {
        assertEquals(0, sql("--connect", dir.toString(), "--format", "json", QUERY));
        assertEquals("{\"columns\":[\"name\",\"kernel\"],\"rows\":[[\"db\",0],[\"web, front\",1]]}\n",
            out.toString());
    }

    @Test
    void shouldExplainWhenNoSystemRunsThere() {
        final Path empty = dir.resolve("nothing");
        assertEquals(1, sql("--connect", empty.toString(), QUERY));
        assertEquals("lepus sql: no running system at " + empty + ": start it with lepus run --admin " + empty
            + System.lineSeparator(), err.toString());
    }

    @Test
    void shouldReportABadToken() {
        final String target = "127.0.0.1:" + server.port() + ":" + "ab".repeat(32);
        assertEquals(1, sql("--connect", target, QUERY));
        assertEquals("lepus sql: bad token" + System.lineSeparator(), err.toString());
    }

    @Test
    void shouldReportSqlErrorsWithThePosition() {
        assertEquals(1, sql("--connect", dir.toString(), "SELECT name FROM nosuch"));
        assertEquals("lepus sql: From line 1, column 18 to line 1, column 23: Object 'nosuch' not found"
            + System.lineSeparator(), err.toString());
    }
}
