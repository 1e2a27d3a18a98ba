package dev.lepus.store.fs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FsPathsTest {

    private static String refusal(final String path) {
        return assertThrows(IllegalArgumentException.class, () -> FsPaths.check(path)).getMessage();
    }

    @Test
    void shouldAcceptAbsolutePaths() {
        assertEquals("/", FsPaths.check("/"));
        assertEquals("/a/b.c/..d", FsPaths.check("/a/b.c/..d"));
        assertEquals("/" + "x".repeat(1023), FsPaths.check("/" + "x".repeat(1023)));
    }

    @Test
    void shouldNameTheRuleABadPathBreaks() {
        assertTrue(refusal("a/b").contains("relative"));
        assertTrue(refusal("").contains("empty"));
        assertTrue(refusal("/a//b").contains("empty component at index 3"));
        assertTrue(refusal("/a/").contains("trailing /"));
        assertTrue(refusal("/a/../b").contains("\"..\""));
        assertTrue(refusal("/a/./b").contains("\".\""));
        assertTrue(refusal("/a\0").contains("NUL at index 2"));
        assertTrue(refusal("/" + "x".repeat(1024)).contains("1025 characters, over the limit of 1024"));
        assertTrue(refusal(null).contains("null"));
    }

    @Test
    void shouldSplitParentAndName() {
        assertEquals("/", FsPaths.parent("/a"));
        assertEquals("/a", FsPaths.parent("/a/b"));
        assertEquals("b", FsPaths.name("/a/b"));
    }
}
