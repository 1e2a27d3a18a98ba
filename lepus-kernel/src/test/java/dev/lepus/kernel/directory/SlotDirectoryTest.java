package dev.lepus.kernel.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SlotDirectoryTest {

    private static List<String> all(final SlotDirectory<String> d) {
        final List<String> out = new ArrayList<>();
        d.forEach(out::add);
        return out;
    }

    @Test
    void shouldListWhatWasAddedInSlotOrder() {
        final SlotDirectory<String> d = new SlotDirectory<>();
        assertEquals(0, d.add("a"));
        assertEquals(1, d.add("b"));
        assertEquals(List.of("a", "b"), all(d));
        assertEquals(2, d.size());
    }

    @Test
    void shouldReuseTheSlotOfARemovedObject() {
        final SlotDirectory<String> d = new SlotDirectory<>();
        d.add("a");
        final int b = d.add("b");
        d.add("c");
        d.remove(b);
        assertEquals(List.of("a", "c"), all(d));
        assertEquals(b, d.add("d"));
        assertEquals(List.of("a", "d", "c"), all(d));
        assertEquals(3, d.size());
    }

    @Test
    void shouldKeepEveryObjectWhenItGrows() {
        final SlotDirectory<String> d = new SlotDirectory<>();
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            d.add("x" + i);
            expected.add("x" + i);
        }
        assertEquals(expected, all(d));
        for (int i = 0; i < 1000; i += 2) {
            d.remove(i);
        }
        assertEquals(500, d.size());
        assertEquals(expected.stream().filter(x -> Integer.parseInt(x.substring(1)) % 2 == 1).toList(), all(d));
    }

    @Test
    void shouldLetTheOwnerRemoveWhileItScans() {
        final SlotDirectory<String> d = new SlotDirectory<>();
        final int a = d.add("a");
        final int b = d.add("b");
        final List<String> seen = new ArrayList<>();
        d.forEach(x -> {
            seen.add(x);
            d.remove(x.equals("a") ? a : b);
        });
        assertEquals(List.of("a", "b"), seen);
        assertEquals(0, d.size());
    }
}
