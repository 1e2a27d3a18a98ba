package dev.lepus.bench.net;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the programs the tests drive on the PATH, and skips a test (with what to install) when one is missing: CI
 * installs them, a developer's machine may not have them.
 *
 * <p>Thread contract: stateless; threadsafe.
 */
final class InstalledPrograms {

    private InstalledPrograms() {
    }

    /** The PATH of this process. */
    static String searchPath() {
        return Optional.ofNullable(System.getenv("PATH")).orElse("");
    }

    /**
     * A program, or the test is skipped.
     *
     * @param name the program
     * @return where it is
     */
    static Path require(final String name) {
        final Optional<Path> found = ToolProcess.find(name, searchPath());
        Assumptions.assumeTrue(found.isPresent(),
            name + " is not on the PATH; skipped (install with: " + NetBench.INSTALL_COMMAND + ")");
        return found.orElseThrow();
    }
}
