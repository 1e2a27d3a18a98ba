package dev.lepus.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lepus.api.Config;
import dev.lepus.kernel.KernelLevel;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.kernel.boot.SystemBoot;
import dev.lepus.kernel.clock.ManualClock;
import dev.lepus.kernel.description.DescriptionParser;
import dev.lepus.kernel.description.SystemDescription;
import dev.lepus.kernel.journal.JournalSettings;
import dev.lepus.testkit.TestNode;

/**
 * One API, four kernels: every example runs unchanged on L1, L2, L3 and L4, each with one and with two kernels, and on
 * mixed nodes (L1 beside L4, L4 beside L3), under virtual time; each component prints the same lines in the same
 * order everywhere, and on one kernel the four levels write byte-identical journals.
 */
class ConformanceTest {

    /** A node layout: the level of each kernel. */
    private record Layout(String name, List<KernelLevel> levels) {
    }

    private static final List<Layout> LAYOUTS = layouts();

    /** Smaller workloads than the examples' defaults, so that ten layouts run in seconds. */
    private static final Map<String, Map<String, Object>> SMALLER = Map.of(
        "ping", Map.of("rounds", 2_000L),
        "fanout", Map.of("workers", 40L, "messages", 20_000L, "sources", 2L));

    private static List<Layout> layouts() {
        final List<Layout> all = new ArrayList<>();
        for (final KernelLevel l : KernelLevel.values()) {
            all.add(new Layout(l + "x1", List.of(l)));
            all.add(new Layout(l + "x2", List.of(l, l)));
        }
        all.add(new Layout("L1+L4", List.of(KernelLevel.L1, KernelLevel.L4)));
        all.add(new Layout("L4+L3", List.of(KernelLevel.L4, KernelLevel.L3)));
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello.toml", "badges.toml", "pingpong.toml", "fanout.toml", "durable.toml"})
    void shouldPrintTheSameOnEveryLevelAndLayout(final String file) throws Exception {
        // Layouts with the same number of kernels must agree line for line. Between one and two kernels, the order in
        // which a component hears from different senders may differ (as in any multikernel; the journal records it),
        // so there only the components that hear from one sender at a time are compared.
        final Map<Integer, Map<String, List<String>>> reference = new HashMap<>();
        for (final Layout layout : LAYOUTS) {
            final Map<String, List<String>> lines = byComponent(run(file, layout, null));
            assertFalse(lines.isEmpty(), file + " on " + layout.name() + " printed nothing");
            final Map<String, List<String>> same = reference.putIfAbsent(layout.levels().size(), lines);
            if (same != null) {
                assertEquals(same, lines, file + " on " + layout.name() + " against the first layout with "
                    + layout.levels().size() + " kernel(s)");
            }
        }
        final Map<String, List<String>> one = reference.get(1);
        final Map<String, List<String>> two = reference.get(2);
        assertEquals(one.keySet(), two.keySet(), file + ": the same components print on one and two kernels");
        for (final String component : one.keySet()) {
            if (!MANY_SENDERS.contains(component)) {
                assertEquals(one.get(component), two.get(component), file + ": " + component + " on 1 and 2 kernels");
            }
        }
    }

    /** Components whose output depends on how messages from several senders interleave. */
    private static final java.util.Set<String> MANY_SENDERS = java.util.Set.of("ledger");

    @ParameterizedTest
    @ValueSource(strings = {"badges.toml", "pingpong.toml", "durable.toml"})
    void shouldWriteTheSameJournalOnEveryLevelOnOneKernel(final String file, @TempDir final Path dir)
            throws Exception {
        byte[] reference = null;
        for (final KernelLevel level : KernelLevel.values()) {
            final Path journal = dir.resolve(level.name());
            run(file, new Layout(level + "x1", List.of(level)), journal);
            final byte[] bytes = onlySegment(journal.resolve("kernel-0"));
            if (reference == null) {
                reference = bytes;
            } else {
                assertArrayEquals(reference, bytes, file + ": the journal on " + level + " differs from L1's");
            }
        }
    }

    /** Boots a description on a layout under virtual time, runs it to its end (or 400 ms), returns its console. */
    private static String run(final String file, final Layout layout, final Path journal) throws Exception {
        final SystemDescription d = new DescriptionParser(ConformanceTest.class.getClassLoader(), 2)
            .parse(Path.of(file));
        final int n = layout.levels().size();
        final List<SystemDescription.KernelSpec> kernels = new ArrayList<>();
        for (final KernelLevel l : layout.levels()) {
            kernels.add(new SystemDescription.KernelSpec(l.name(), "backoff"));
        }
        final List<SystemDescription.ComponentSpec> components = new ArrayList<>();
        for (final SystemDescription.ComponentSpec c : d.components()) {
            final Map<String, Object> config = new HashMap<>(c.config().asMap());
            config.putAll(SMALLER.getOrDefault(c.name(), Map.of()));
            if (config.containsKey("kernels")) {
                config.put("kernels", (long) n);
            }
            components.add(new SystemDescription.ComponentSpec(c.name(), c.type(), c.kernel() < 0 ? c.kernel()
                : c.kernel() % n, c.priority(), c.policy(), Config.of(config), c.budget(), c.line()));
        }
        final SystemDescription adapted = new SystemDescription(d.source(), d.name(), d.seed(), d.mailboxCapacity(),
            d.channelCapacity(), kernels, components, d.grants(), d.names(),
            journal == null ? JournalSettings.off() : JournalSettings.file(journal));
        final ManualClock clock = new ManualClock(0);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Node node = SystemBoot.boot(adapted, new NodeSettings().manual(true).clock(clock)
            .console(new PrintStream(out, true, StandardCharsets.UTF_8)));
        try (TestNode test = new TestNode(node, clock)) {
            for (int ms = 0; ms < 400 && test.exitStatus() == null; ms++) {
                test.advance(Duration.ofMillis(1));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static final Pattern TAGGED = Pattern.compile("^\\[([^\\]]+)] (.*)$");

    /** Each component's lines, in its own order (lines of different components interleave by timing). */
    private static Map<String, List<String>> byComponent(final String console) {
        final Map<String, List<String>> lines = new TreeMap<>();
        for (final String line : console.split("\n")) {
            final Matcher m = TAGGED.matcher(line);
            if (m.matches()) {
                lines.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
            }
        }
        return lines;
    }

    private static byte[] onlySegment(final Path kernelDir) throws IOException {
        try (var files = Files.list(kernelDir)) {
            final List<Path> segments = files.filter(f -> f.toString().endsWith(".seg")).toList();
            assertEquals(1, segments.size(), kernelDir.toString());
            return Files.readAllBytes(segments.get(0));
        }
    }
}
