package dev.lepus.kernel.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lepus.kernel.KernelLevel;
import dev.lepus.kernel.loader.corpus.hostile.CallsSystemExit;
import dev.lepus.kernel.loader.corpus.hostile.SleepsInHelper;
import dev.lepus.kernel.loader.corpus.hostile.SynchronizedHandler;
import dev.lepus.kernel.loader.corpus.legit.ThreadUser;
import dev.lepus.kernel.loader.corpus.legit.TimerUser;

/** Which levels each component may run on: the data {@code lepus compat} prints. */
class CompatibilityTest {

    @Test
    void shouldGiveEachComponentItsLevels(@TempDir final Path dir) throws Exception {
        final ApplicationClasses app = ApplicationClasses.read(Corpus.copy(dir, TimerUser.class, ThreadUser.class,
            SynchronizedHandler.class, SleepsInHelper.class, CallsSystemExit.class));
        final Map<String, String> levels = Compatibility.of(app).stream().collect(Collectors.toMap(
            c -> c.componentClass().substring(c.componentClass().lastIndexOf('.') + 1),
            c -> Arrays.stream(KernelLevel.values()).filter(c::ok).map(Enum::name).collect(Collectors.joining(" "))));
        assertEquals(Map.of("TimerUser", "L1 L2 L3 L4", "ThreadUser", "L3 L4", "SynchronizedHandler", "L3 L4",
            "SleepsInHelper", "L3 L4", "CallsSystemExit", ""), levels);
    }

    @Test
    void shouldListTheViolationsOfEachLevel(@TempDir final Path dir) throws Exception {
        final ApplicationClasses app = ApplicationClasses.read(Corpus.copy(dir, SleepsInHelper.class));
        final Compatibility c = Compatibility.of(app, SleepsInHelper.class.getName());
        assertEquals(java.util.Optional.of("SleepsInHelper"), c.manifestName());
        final List<Violation> l1 = c.violations().get(KernelLevel.L1);
        assertEquals(1, l1.size());
        assertEquals("SleepsInHelper$Helper.pause()V @1: blocking call: java/lang/Thread.sleep(J)V",
            l1.getFirst().toShortString());
        assertEquals(l1, c.violations().get(KernelLevel.L2));
        assertTrue(c.ok(KernelLevel.L3));
        assertFalse(c.ok(KernelLevel.L1));
        assertThrows(IllegalArgumentException.class, () -> Compatibility.of(app, "com.example.Missing"));
    }
}
