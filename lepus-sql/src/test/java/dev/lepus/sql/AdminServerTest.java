package dev.lepus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lepus.api.Spawn;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;

class AdminServerTest {

    @TempDir
    Path dir;

    private Node node;
    private AdminServer server;

    @BeforeEach
    void setUp() throws IOException {
        node = new Node(new NodeSettings().kernels(2));
        node.spawn(Spawn.of("alpha", Idle::new).onKernel(0));
        node.spawn(Spawn.of("beta", Idle::new).onKernel(1));
        node.start();
        server = AdminServer.start(node, dir);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        server.close();
        node.shutdown(0, "test over");
        node.stop();
    }

    @Test
    void shouldAnswerAQueryWithTheGoodToken() throws Exception {
        final ResultTable r = AdminClient.of(dir.toString()).query("SELECT name FROM components ORDER BY name;");
        assertEquals(List.of(List.of("alpha"), List.of("beta")), r.rows());
        assertEquals(1, server.served());
    }

    @Test
    void shouldRefuseABadToken() throws Exception {
        final AdminClient good = AdminClient.of(dir.toString());
        final AdminClient bad = new AdminClient(good.host(), good.port(), "0".repeat(good.token().length()));
        final AdminClient.AdminException ex = assertThrows(AdminClient.AdminException.class,
            () -> bad.query("SELECT 1"));
        assertEquals("bad token", ex.getMessage());
        assertEquals(1, server.refused());
        assertEquals(0, server.served());
    }

    @Test
    void shouldWriteTheAdminFileOwnerOnly() throws IOException {
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(server.file()));
        final String line = Files.readString(server.file()).strip();
        assertTrue(line.matches("127\\.0\\.0\\.1:\\d+ [0-9a-f]{64}"), line);
    }

    @Test
    void shouldAcceptHostPortTokenTargets() throws Exception {
        final AdminClient fromFile = AdminClient.of(dir.toString());
        final AdminClient direct = AdminClient.of(fromFile.host() + ":" + fromFile.port() + ":" + fromFile.token());
        assertEquals(fromFile, direct);
        assertEquals(List.of(List.of(2L)), direct.query("select count(*) from components").rows());
    }

    @Test
    void shouldAnswerSqlErrorsWithThePosition() throws Exception {
        final AdminClient.AdminException ex = assertThrows(AdminClient.AdminException.class,
            () -> AdminClient.of(dir.toString()).query("SELECT nosuch FROM components"));
        assertTrue(ex.getMessage().contains("line 1, column 8"), ex.getMessage());
        assertTrue(ex.getMessage().contains("nosuch"), ex.getMessage());
    }

    @Test
    void shouldRefuseAQueryLongerThanTheLimit() throws Exception {
        final AdminClient c = AdminClient.of(dir.toString());
        final String answer;
        try (Socket s = new Socket(c.host(), c.port())) {
            s.getOutputStream().write((c.token() + "\nSELECT '" + "x".repeat(AdminServer.MAX_LINE_BYTES) + "'\n")
                .getBytes(StandardCharsets.UTF_8));
            answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(answer.startsWith("{\"error\":\"no query, or a line longer than"), answer);
    }

    @Test
    void shouldExplainWhenNoSystemRuns() {
        server.close();
        assertFalse(Files.exists(dir.resolve(AdminServer.ADMIN_FILE)));
        final AdminClient.AdminException ex = assertThrows(AdminClient.AdminException.class,
            () -> AdminClient.of(dir.toString()));
        assertEquals("no running system at " + dir + ": start it with lepus run --admin " + dir, ex.getMessage());
    }
}
