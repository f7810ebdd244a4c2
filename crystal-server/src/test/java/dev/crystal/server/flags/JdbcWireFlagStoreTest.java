package dev.crystal.server.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.store.SqliteDatabase;
import dev.crystal.wire.CodecFlag;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.FlagChange;
import dev.crystal.wire.FlagScope;
import dev.crystal.wire.WireFlagSnapshot;
import dev.crystal.wire.WireFlags;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flags and their audit live in the data directory's {@code wireflags.db}: shared, versioned, kept. */
class JdbcWireFlagStoreTest {
    @TempDir
    Path dir;

    private SqliteDatabase open() {
        return SqliteDatabase.open(dir.resolve("wireflags.db"), List.of(JdbcWireFlagStore.MIGRATIONS));
    }

    @Test
    void changesOutliveARestartWithEveryAuditedVersion() {
        try (SqliteDatabase db = open()) {
            WireFlags flags = new WireFlags(new JdbcWireFlagStore(db), WireFlagSnapshot.defaults(), "config",
                    InstantSource.system());
            flags.setCodec(FlagScope.domain("balance"), new CodecFlag(true, CodecId.YAML, 50, CodecId.BINARY), "alice");
            flags.fallback("bob");
        }
        try (SqliteDatabase db = open()) {
            WireFlags flags = new WireFlags(new JdbcWireFlagStore(db), WireFlagSnapshot.defaults(), "config",
                    InstantSource.system());
            assertThat(flags.current().fallbackActive()).isTrue();
            assertThat(flags.current().codec().get(FlagScope.domain("balance")).codec()).isEqualTo(CodecId.YAML);
            assertThat(flags.audit()).extracting(FlagChange::who).containsExactly("alice", "bob");
            assertThat(flags.audit()).extracting(FlagChange::version).containsExactly(2L, 3L);
            assertThat(flags.audit().getFirst().newValue())
                    .isEqualTo("{enabled: true, codec: yaml, rolloutPercentage: 50, fallback: binary}");
        }
    }

    @Test
    void aPollerInstallsWhatAnotherWriterStored() {
        try (SqliteDatabase db = open()) {
            JdbcWireFlagStore store = new JdbcWireFlagStore(db);
            WireFlags writer = new WireFlags(store, WireFlagSnapshot.defaults(), "config", InstantSource.system());
            WireFlags reader = new WireFlags(store, WireFlagSnapshot.defaults(), "config", InstantSource.system());
            try (WireFlagsPoller poller = new WireFlagsPoller(reader, Duration.ofMillis(50))) {
                poller.start();
                writer.setCodec(FlagScope.global(), new CodecFlag(true, CodecId.JSON, 100, CodecId.BINARY), "alice");
                await().atMost(Duration.ofSeconds(1))
                        .until(() -> reader.resolve("a", "b", "c").codec() == CodecId.JSON);
            }
            assertThat(store.compareAndSet(1, "codec: {codec: yaml}", List.of())).as("stale version").isFalse();
        }
    }
}
