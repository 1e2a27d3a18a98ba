package dev.lepus.kernel.loader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * Where the verifier reads the class files it needs besides the one it verifies: supertypes (to see which JDK method a
 * call lands on), and the records, enums and sealed interfaces of a message protocol. Classes are read as bytes and
 * never loaded, so nothing of an application runs before it is verified.
 *
 * <p>Thread contract: implementations say; the ones made here are as threadsafe as their class loader or map.
 */
@FunctionalInterface
public interface ClassSource {

    /**
     * The class file of a class.
     *
     * @param internalName the class's internal name ({@code com/example/Worker$Helper})
     * @return its bytes, or empty if this source does not have it
     */
    Optional<byte[]> bytes(String internalName);

    /**
     * The class files a class loader finds as resources ({@code com/example/Worker.class}).
     *
     * @param loader the loader
     * @return the source
     */
    static ClassSource of(final ClassLoader loader) {
        return internalName -> {
            try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (final IOException ex) {
                throw new UncheckedIOException("cannot read class file " + internalName + ".class", ex);
            }
        };
    }

    /**
     * The class files of a map.
     *
     * @param classes class files by internal name
     * @return the source
     */
    static ClassSource of(final Map<String, byte[]> classes) {
        return internalName -> Optional.ofNullable(classes.get(internalName));
    }
}
