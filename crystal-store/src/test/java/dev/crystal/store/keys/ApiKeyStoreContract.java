package dev.crystal.store.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.store.Database;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcApiKeyStore} on a real database: subclasses open SQLite files or PostgreSQL schemas (with
 * {@link JdbcApiKeyStore#MIGRATIONS}) and remove them after each test. Thread ownership: the JUnit thread.
 */
abstract class ApiKeyStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    protected abstract Database open(String name);

    protected abstract void dropAll();

    @AfterEach
    void drop() {
        dropAll();
    }

    private static StoredApiKey key(String id, String name, String role, List<String> customers) {
        return new StoredApiKey(id, name, role, customers, "hash-" + id, T0, null);
    }

    @Test
    void keysAreListedWithTheirCustomersAndRevokedOnce() {
        JdbcApiKeyStore store = new JdbcApiKeyStore(open("list"));
        store.insert(key("k_1", "ops", "operator", List.of()));
        store.insert(key("k_2", "shop", "client", List.of("CUST_A", "CUST_B")));
        assertThat(store.list()).extracting(StoredApiKey::id).containsExactly("k_1", "k_2");
        assertThat(store.list().get(1).customers()).containsExactly("CUST_A", "CUST_B");
        assertThat(store.list().get(0).customers()).isEmpty();

        assertThat(store.revoke("k_2", T0.plusSeconds(5))).isTrue();
        assertThat(store.revoke("k_2", T0.plusSeconds(9))).as("already revoked: keeps the first time").isTrue();
        assertThat(store.revoke("k_none", T0)).isFalse();
        assertThat(store.list().get(1).revokedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(store.list().get(0).revoked()).isFalse();
    }

    @Test
    void aNameIsHeldByOneValidKeyIgnoringCase() {
        JdbcApiKeyStore store = new JdbcApiKeyStore(open("names"));
        store.insert(key("k_1", "alice", "admin", List.of()));
        Assertions.assertThatThrownBy(() -> store.insert(key("k_2", "ALICE", "admin", List.of())))
                .isInstanceOf(RuntimeException.class);
        store.revoke("k_1", T0);
        store.insert(key("k_3", "alice", "admin", List.of()));
        assertThat(store.list()).extracting(StoredApiKey::id).containsExactly("k_1", "k_3");
    }

    @Test
    void theFirstAdminKeyIsStoredOnlyIntoAnEmptyStoreEvenFromTwoNodes() {
        Database shared = open("first");
        JdbcApiKeyStore nodeA = new JdbcApiKeyStore(shared);
        JdbcApiKeyStore nodeB = new JdbcApiKeyStore(open("first"));
        assertThat(nodeA.insertFirst(key("k_a", "admin", "admin", List.of()))).isTrue();
        assertThat(nodeB.insertFirst(key("k_b", "admin", "admin", List.of()))).isFalse();
        assertThat(nodeA.list()).extracting(StoredApiKey::id).containsExactly("k_a");
        nodeA.revoke("k_a", T0);
        assertThat(nodeB.insertFirst(key("k_c", "admin", "admin", List.of())))
                .as("a store that ever held a key gets no second first key").isFalse();
    }
}
