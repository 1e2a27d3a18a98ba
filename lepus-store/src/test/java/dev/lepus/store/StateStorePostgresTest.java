package dev.lepus.store;

import java.nio.file.Path;

/** {@link StateStoreContractTest} on PostgreSQL; skipped unless {@code LEPUS_TEST_PG_URL} names one that answers. */
class StateStorePostgresTest extends StateStoreContractTest {

    @Override
    Backend backend(final Path dir) {
        return Backend.postgres(dir);
    }
}
