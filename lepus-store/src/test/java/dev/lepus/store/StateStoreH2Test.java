package dev.lepus.store;

import java.nio.file.Path;

/** {@link StateStoreContractTest} on embedded H2. */
class StateStoreH2Test extends StateStoreContractTest {

    @Override
    Backend backend(final Path dir) {
        return Backend.h2(dir);
    }
}
