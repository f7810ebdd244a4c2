package dev.crystal.settlement.storetest;

import dev.crystal.store.Database;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of the per-store contract tests: subclasses say which backend, the contract opens the
 * domain's database on it and cleans up after each test. Thread ownership: the JUnit thread.
 */
public abstract class StoreContract {
    private StoreBackend backend;

    /** A fresh backend for one test. */
    protected abstract StoreBackend backend();

    protected final Database database(String domain) {
        if (backend == null) {
            backend = backend();
        }
        return backend.open(domain);
    }

    @AfterEach
    final void closeBackend() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }
}
