package dev.lepus.store.fs;

import java.nio.file.Path;

import dev.lepus.store.Backend;

/** {@link FileStoreContractTest} on embedded H2. */
class FileStoreH2Test extends FileStoreContractTest {

    @Override
    Backend backend(final Path dir) {
        return Backend.h2(dir);
    }
}
