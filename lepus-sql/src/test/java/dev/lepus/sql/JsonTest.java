package dev.lepus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void shouldRoundTripAResult() throws Exception {
        final ResultTable t = new ResultTable(List.of("a", "b \"q\""),
            List.of(Arrays.asList(1L, "x,\n\ty"), Arrays.asList(null, true), Arrays.asList(2.5, "\u0001")));
        assertEquals(t, AdminClient.decode(Json.result(t)));
    }

    @Test
    void shouldRejectGarbageNamingTheOffset() {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":}"));
        assertEquals("bad JSON at offset 5: unexpected character '}'", ex.getMessage());
    }

    @Test
    void shouldRejectDeepNesting() {
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }
}
