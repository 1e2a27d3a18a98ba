package dev.lepus.kernel.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.RestartPolicy;

/** The system description: what is accepted, and how each mistake is reported (file, line, key path). */
class DescriptionParserTest {

    /** A valid component class for the descriptions below. */
    public static final class Good implements Component<Object> {
        /** Needed by the parser. */
        public Good() {
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
        }
    }

    /** Has no public no-argument constructor. */
    public static final class NoCtor implements Component<Object> {
        /**
         * Not usable from a description.
         *
         * @param x anything
         */
        public NoCtor(final int x) {
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object message) {
        }
    }

    private static final String GOOD = DescriptionParserTest.class.getName() + "$Good";

    private static SystemDescription parse(final String toml) throws DescriptionException {
        return new DescriptionParser(DescriptionParserTest.class.getClassLoader(), 4).parse(Path.of("sys.toml"), toml);
    }

    private static List<String> errors(final String toml) {
        return assertThrows(DescriptionException.class, () -> parse(toml)).errors();
    }

    @Test
    void shouldParseAFullDescription() throws DescriptionException {
        final SystemDescription d = parse("""
            [system]
            name = "demo"
            seed = 7
            mailbox = 256

            [[kernel]]
            idle = "spin"
            [[kernel]]
            level = "L1"

            [[component]]
            name = "a"
            class = "%s"
            kernel = 1
            priority = 3
            restart = "escalate"
            config = { rounds = 1_000, label = "x", nested = { on = true } }

            [[component]]
            name = "b"
            class = "%s"
            max_restarts = 7
            restart_window = "250ms"

            [[grant]]
            to = "a"
            target = "b"
            name = "peer"
            """.formatted(GOOD, GOOD));
        assertEquals("demo", d.name());
        assertEquals(7, d.seed());
        assertEquals(256, d.mailboxCapacity());
        assertEquals(List.of(new SystemDescription.KernelSpec("L1", "spin"),
            new SystemDescription.KernelSpec("L1", "backoff")), d.kernels());
        final SystemDescription.ComponentSpec a = d.components().get(0);
        assertEquals(1, a.kernel());
        assertEquals(3, a.priority());
        assertEquals(RestartPolicy.Action.ESCALATE, a.policy().action());
        assertEquals(1000, a.config().longValue("rounds", 0));
        assertTrue(a.config().value("nested").isPresent());
        assertEquals(new RestartPolicy(RestartPolicy.Action.RESTART, 7, Duration.ofMillis(250)),
            d.components().get(1).policy());
        assertEquals(List.of(new SystemDescription.GrantSpec("a", "b", "peer", Cap.SEND, 0)), d.grants());
    }

    @Test
    void shouldDefaultToOneKernelPerCore() throws DescriptionException {
        final SystemDescription d = parse("[[component]]\nname = \"a\"\nclass = \"" + GOOD + "\"\n");
        assertEquals(4, d.kernels().size());
        assertEquals("sys", d.name());
    }

    @Test
    void shouldReportSyntaxErrorWithLine() {
        final List<String> errors = errors("[system]\nname = \"x\n");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("sys.toml:2:"), errors.get(0));
    }

    @Test
    void shouldReportEveryMistakeWithLineAndKeyPath() {
        final List<String> errors = errors("""
            [kernels]
            count = 2
            idle = "snooze"

            [[component]]
            name = "a"
            class = "%s"
            kernel = 5
            prioriy = 3

            [[component]]
            name = "a"
            class = "no.such.Klass"

            [[component]]
            name = "c"
            class = "java.lang.String"

            [[grant]]
            to = "a"
            target = "ghost"
            rights = ["send", "fly"]
            """.formatted(GOOD));
        final String all = String.join("\n", errors);
        assertTrue(all.contains("sys.toml:3:1: kernels.idle: unknown idle strategy 'snooze'"), all);
        assertTrue(all.contains("sys.toml:8:1: component[0](a).kernel: kernel 5 does not exist (the system has 2"
            + " kernels: 0..1)"), all);
        assertTrue(all.contains("sys.toml:9:1: component[0](a).prioriy: unknown key 'prioriy'"), all);
        assertTrue(all.contains("sys.toml:12:1: component[1](a).name: duplicate component name 'a'"), all);
        assertTrue(all.contains("sys.toml:13:1: component[1](a).class: class no.such.Klass not found"), all);
        assertTrue(all.contains("component[2](c).class: class java.lang.String does not implement"), all);
        assertTrue(all.contains("sys.toml:21:1: grant[0].target: no component named 'ghost'"), all);
        assertTrue(all.contains("grant[0].rights[1]: unknown right 'fly'"), all);
        assertEquals(8, errors.size(), all);
    }

    @Test
    void shouldRefuseUnknownLevelsAndJournalPolicies() {
        final String all = String.join("\n", errors("""
            [system]
            journal = "tape"
            [kernels]
            level = "L5"
            [[component]]
            name = "a"
            class = "%s"
            """.formatted(GOOD)));
        assertTrue(all.contains("system.journal: journal policy 'tape' is not one of off, ring, file, fsync"), all);
        assertTrue(all.contains("kernels.level: unknown kernel level 'L5' (known: L1, L2, L3, L4)"), all);
    }

    @Test
    void shouldRefuseWrongTypesAndRanges() {
        final String all = String.join("\n", errors("""
            [system]
            mailbox = 100
            [[component]]
            name = "a"
            class = "%s"
            priority = 64
            restart_window = "soon"
            config = { list = [1, 2] }
            [[component]]
            name = "b"
            class = "%s"
            kernel = "zero"
            """.formatted(GOOD, DescriptionParserTest.class.getName() + "$NoCtor")));
        assertTrue(all.contains("system.mailbox: must be a power of two, not 100"), all);
        assertTrue(all.contains("component[0](a).priority: must be in 0..63, not 64"), all);
        assertTrue(all.contains("restart_window: must be a positive duration"), all);
        assertTrue(all.contains("config.list: config values must be"), all);
        assertTrue(all.contains("component[1](b).class: class " + DescriptionParserTest.class.getName()
            + "$NoCtor has no public no-argument constructor"), all);
        assertTrue(all.contains("component[1](b).kernel: must be an integer, not a string"), all);
    }

    @Test
    void shouldRefuseASystemWithoutComponents() {
        assertTrue(errors("[system]\nname = \"empty\"\n").get(0).contains("no [[component]]"));
    }

    @Test
    void shouldReportMissingFile() {
        final DescriptionException ex = assertThrows(DescriptionException.class,
            () -> new DescriptionParser(getClass().getClassLoader(), 1).parse(Path.of("does/not/exist.toml")));
        assertTrue(ex.getMessage().contains("does/not/exist.toml: no such file"), ex.getMessage());
    }

    @Test
    void shouldParseBudgetsAndCheckThatSharersShareAKernel() throws DescriptionException {
        final SystemDescription d = parse("""
            [kernels]
            count = 2
            [[budget]]
            name = "batch"
            budget = "2ms"
            period = "10ms"
            [[component]]
            name = "a"
            class = "%s"
            kernel = 1
            budget = "batch"
            """.formatted(GOOD));
        assertEquals(new dev.lepus.api.CpuBudget("batch", Duration.ofMillis(2), Duration.ofMillis(10)),
            d.components().get(0).budget().orElseThrow());
        final String all = String.join("\n", errors("""
            [kernels]
            count = 2
            [[budget]]
            name = "batch"
            budget = "20ms"
            period = "10ms"
            [[budget]]
            name = "ok"
            budget = "1ms"
            period = "10ms"
            [[component]]
            name = "a"
            class = "%s"
            budget = "ok"
            [[component]]
            name = "b"
            class = "%s"
            kernel = 0
            budget = "nope"
            [[component]]
            name = "c"
            class = "%s"
            kernel = 0
            budget = "ok"
            [[component]]
            name = "d"
            class = "%s"
            kernel = 1
            budget = "ok"
            """.formatted(GOOD, GOOD, GOOD, GOOD)));
        assertTrue(all.contains("budget[0].period: the period (PT0.01S) is shorter than the budget"), all);
        assertTrue(all.contains("component[0](a).budget: a component with a budget needs an explicit kernel"), all);
        assertTrue(all.contains("component[1](b).budget: no [[budget]] named 'nope'"), all);
        assertTrue(all.contains("component[3](d).kernel: budget 'ok' is on kernel 0 already"), all);
    }
}
