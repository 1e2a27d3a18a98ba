package dev.lepus.store.fs;

import java.nio.file.Path;

import dev.lepus.store.Backend;

/** {@link FileStoreContractTest} on PostgreSQL; skipped unless {@code LEPUS_TEST_PG_URL} names one that answers. */
class FileStorePostgresTest extends FileStoreContractTest {

    @Override
    Backend backend(final Path dir) {
        return Backend.postgres(dir);
    }
}
