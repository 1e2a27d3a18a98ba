package dev.lepus.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "h?llo|hello|true", "h?llo|hllo|false", "h?llo|heello|false",
        "h*llo|hllo|true", "h*llo|heeeello|true", "h*llo|hell|false",
        "h[ae]llo|hello|true", "h[ae]llo|hallo|true", "h[ae]llo|hillo|false",
        "h[^e]llo|hallo|true", "h[^e]llo|hbllo|true", "h[^e]llo|hello|false",
        "h[a-b]llo|hallo|true", "h[a-b]llo|hbllo|true", "h[a-b]llo|hcllo|false",
        "h[b-a]llo|hallo|true", "[a-c-e]|-|true", "[a-c-e]|d|false", "[a-c-e]|e|true", "[a-]]|]|true",
        "h\\*llo|h*llo|true", "h\\*llo|hello|false", "\\?|?|true", "\\?|a|false",
        "a\\|a\\|true", "[\\]]|]|true", "[\\^a]|^|true", "[ab|a|true", "[ab|c|false", "[^|x|true",
        "[]|a|false", "[^]|a|true", "a*|a|true", "a**|a|true", "*a|a|true", "*a*|bab|true", "a*b*c|abxbc|true",
        "a*b*c|abxbcd|false", "user:*:name|user:42:name|true", "user:*:name|user:42:mail|false", "*|x|true",
        "?|xy|false", "??|xy|true", "*?|x|true", "*??|x|false"})
    void shouldMatchAsRedisDoes(final String pattern, final String text, final boolean matches) {
        assertEquals(matches, Glob.compile(bytes(pattern)).matches(bytes(text)));
    }

    @Test
    void shouldMatchEmptyStringOnlyWithEmptyPattern() {
        assertTrue(Glob.compile(new byte[0]).matches(new byte[0]));
        assertFalse(Glob.compile(new byte[0]).matches(bytes("a")));
        assertFalse(Glob.compile(bytes("*")).matches(new byte[0]));
    }

    @Test
    void shouldSayStarAloneMatchesAll() {
        assertTrue(Glob.compile(bytes("*")).matchesAll());
        assertFalse(Glob.compile(bytes("**")).matchesAll());
        assertFalse(Glob.compile(bytes("a*")).matchesAll());
    }

    @Test
    void shouldCompareBytesUnsigned() {
        final byte[] high = {(byte) 0xE9};
        assertTrue(Glob.compile(new byte[] {'[', (byte) 0x80, '-', (byte) 0xFF, ']'}).matches(high));
        assertFalse(Glob.compile(new byte[] {'[', 'a', '-', 'z', ']'}).matches(high));
        assertTrue(Glob.compile(high).matches(high));
        assertTrue(Glob.compile(bytes("?")).matches(high));
    }

    @Test
    void shouldMatchRangeOfArray() {
        assertTrue(Glob.compile(bytes("b?")).matches(bytes("abcd"), 1, 2));
    }

    @Test
    void shouldFinishPathologicalPatternsQuickly() {
        final byte[] as = bytes("a".repeat(100_000));
        final byte[] almost = bytes("a".repeat(99_999) + "c");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertFalse(Glob.compile(bytes("a*a*a*a*a*a*a*a*a*a*a*a*b")).matches(as));
            assertFalse(Glob.compile(bytes("*a*a*a*a*a*a*a*a*a*a*a*a*b")).matches(almost));
            assertTrue(Glob.compile(bytes("a*a*a*a*a*a*a*a*a*a*a*a*c")).matches(almost));
            assertFalse(Glob.compile(bytes("*" + "a".repeat(50) + "b")).matches(as));
        });
    }

    @Test
    void shouldCompilePatternOfManySetsQuickly() {
        final String pattern = "[a]".repeat(300_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10),
            () -> assertTrue(Glob.compile(bytes(pattern)).matches(bytes("a".repeat(300_000)))));
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
