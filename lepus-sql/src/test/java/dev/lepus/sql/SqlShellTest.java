package dev.lepus.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlShellTest {

    @Test
    void completions_includeTablesAndColumns() {
        final List<String> words = SqlShell.completions();
        assertTrue(words.containsAll(List.of("kernels", "components", "caps", "channels", "timers", "journal",
            "nodes", "sent_remote", "outstanding_asks", "next_due_ns", "from_kernel", "SELECT")), words.toString());
    }
}
