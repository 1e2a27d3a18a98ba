package dev.lepus.bench.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping redis-server as the kv peer. */
class RedisServerProcessTest {

    @Test
    @Timeout(30)
    void start_anyPort_answersPingUntilClosed() {
        final Path server = InstalledPrograms.require(RedisServerProcess.COMMAND);
        final RedisServerProcess redis = RedisServerProcess.start(server, 0, 10_000);
        final int port = redis.port();
        assertTrue(port > 0);
        assertTrue(RespPing.answers(port, 1_000));
        redis.close();
        assertFalse(RespPing.answers(port, 1_000));
        redis.close();
    }

    @Test
    @Timeout(30)
    void start_portInUse_throws() {
        final Path server = InstalledPrograms.require(RedisServerProcess.COMMAND);
        try (RedisServerProcess first = RedisServerProcess.start(server, 0, 10_000)) {
            final ToolException ex = assertThrows(ToolException.class,
                () -> RedisServerProcess.start(server, first.port(), 10_000));
            assertTrue(ex.getMessage().contains("is in use"), ex.getMessage());
        }
    }

    @Test
    @Timeout(30)
    void start_programExits_throwsWithItsLog(@TempDir final Path dir) throws IOException {
        final Path exits = Files.writeString(dir.resolve("redis-server"), "#!/bin/sh\necho 'bad config'\nexit 1\n");
        Files.setPosixFilePermissions(exits, PosixFilePermissions.fromString("rwxr-xr-x"));
        final ToolException ex = assertThrows(ToolException.class, () -> RedisServerProcess.start(exits, 0, 10_000));
        assertTrue(ex.getMessage().contains("exited with status 1"), ex.getMessage());
        assertTrue(ex.getMessage().contains("bad config"), ex.getMessage());
    }
}
