package dev.lepus.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class KvCommandTest {

    @Test
    void shouldLookUpNamesInAnyCase() {
        assertEquals(KvCommand.SET, of("SET"));
        assertEquals(KvCommand.SET, of("set"));
        assertEquals(KvCommand.PEXPIRE, of("pExPiRe"));
    }

    @Test
    void shouldKnowEveryCommandButUnknownByItsName() {
        for (final KvCommand command : KvCommand.values()) {
            if (command != KvCommand.UNKNOWN) {
                assertEquals(command, of(command.name()));
            }
        }
    }

    @Test
    void shouldNameOthersUnknown() {
        assertEquals(KvCommand.UNKNOWN, of("FOO"));
        assertEquals(KvCommand.UNKNOWN, of(""));
        assertEquals(KvCommand.UNKNOWN, of("GETT"));
        assertEquals(KvCommand.UNKNOWN, of("unknown"));
        assertEquals(KvCommand.UNKNOWN, of("G\u00c5T"));
    }

    @Test
    void shouldCheckArityInRedisConvention() {
        assertTrue(KvCommand.GET.acceptsArgc(2));
        assertFalse(KvCommand.GET.acceptsArgc(3));
        assertFalse(KvCommand.SET.acceptsArgc(2));
        assertTrue(KvCommand.SET.acceptsArgc(7));
        assertTrue(KvCommand.UNKNOWN.acceptsArgc(1));
    }

    @Test
    void shouldDescribeKeysForRouter() {
        assertEquals(KvCommand.Scope.KEY, KvCommand.INCRBY.scope());
        assertEquals(KvCommand.Scope.KEYS, KvCommand.MGET.scope());
        assertEquals(KvCommand.Scope.PAIRS, KvCommand.MSET.scope());
        assertEquals(KvCommand.Scope.ALL, KvCommand.DBSIZE.scope());
        assertEquals(KvCommand.Scope.NONE, KvCommand.PING.scope());
    }

    @Test
    void shouldCloseConnectionOnlyAfterQuit() {
        for (final KvCommand command : KvCommand.values()) {
            assertEquals(command == KvCommand.QUIT, command.closesConnection(), command.name());
        }
    }

    @Test
    void shouldWordArityErrorWithLowerCaseName() {
        assertEquals("ERR wrong number of arguments for 'incrby' command", KvCommand.INCRBY.arityError());
        assertEquals("incrby", KvCommand.INCRBY.commandName());
    }

    private static KvCommand of(final String name) {
        return KvCommand.of(name.getBytes(StandardCharsets.ISO_8859_1));
    }
}
