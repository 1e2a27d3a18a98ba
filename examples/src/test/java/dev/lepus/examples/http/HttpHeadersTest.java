package dev.lepus.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Lookup ignoring case, access by index, and value semantics of header fields. */
class HttpHeadersTest {

    private final HttpHeaders headers = new HttpHeaders(new String[] {"Host", "a", "X-Twice", "1", "x-twice", "2"});

    @Test
    void shouldFindTheFirstFieldIgnoringCase() {
        assertEquals(Optional.of("1"), headers.first("X-TWICE"));
        assertEquals(Optional.empty(), headers.first("Accept"));
        assertTrue(headers.contains("host"));
        assertFalse(headers.contains("Hos"));
    }

    @Test
    void shouldGiveFieldsByIndex() {
        assertEquals(3, headers.size());
        assertEquals("x-twice", headers.name(2));
        assertEquals("2", headers.value(2));
        assertThrows(IndexOutOfBoundsException.class, () -> headers.name(3));
        assertThrows(IndexOutOfBoundsException.class, () -> headers.value(-1));
    }

    @Test
    void shouldCompareByFieldsInOrder() {
        assertEquals(headers, new HttpHeaders(new String[] {"Host", "a", "X-Twice", "1", "x-twice", "2"}));
        assertEquals(headers.hashCode(),
            new HttpHeaders(new String[] {"Host", "a", "X-Twice", "1", "x-twice", "2"}).hashCode());
        assertNotEquals(headers, new HttpHeaders(new String[] {"X-Twice", "1", "Host", "a", "x-twice", "2"}));
    }

    @Test
    void shouldPrintFields() {
        assertEquals("{Host: a, X-Twice: 1, x-twice: 2}", headers.toString());
        assertEquals("{}", new HttpHeaders(new String[0]).toString());
    }
}
