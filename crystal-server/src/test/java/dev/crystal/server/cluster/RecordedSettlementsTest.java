package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.store.PostgresSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a cluster node may answer a settlement still running {@code 202}, on the local PostgreSQL (a schema of its
 * own): once collections committed its row, or when the transport keeps what it acknowledged; never when that cannot
 * be checked.
 */
class RecordedSettlementsTest {
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private final String prefix = "hpr_" + UUID.randomUUID().toString().substring(0, 8) + "_";

    @BeforeEach
    void createCollectionsSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + prefix + "collections");
            s.execute("CREATE TABLE " + prefix + "collections.settlements (settlement_id TEXT PRIMARY KEY,"
                    + " status TEXT NOT NULL)");
            s.execute("INSERT INTO " + prefix + "collections.settlements VALUES ('RS_PENDING', 'PENDING')");
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + prefix + "collections CASCADE");
        }
    }

    @Test
    void onANonDurableTransportOnlyASettlementCommittedToPostgresIsDurable() {
        AtomicInteger transportAsked = new AtomicInteger();
        try (RecordedSettlements recorded = RecordedSettlements.open(postgres(POSTGRES), prefix, () -> {
            transportAsked.incrementAndGet();
            return false;
        })) {
            assertThat(recorded.durable("RS_PENDING")).as("committed PENDING: the holder's sweep finishes it").isTrue();
            assertThat(recorded.durable("RS_ONLY_IN_A_STREAM")).isFalse();
            // Redis is asked once per recheck period, not once per settlement
            assertThat(transportAsked).hasValue(1);
        }
    }

    @Test
    void aTransportThatFsyncsEveryWriteMakesEveryAcceptedSettlementDurable() {
        try (RecordedSettlements recorded = RecordedSettlements.open(postgres(POSTGRES), prefix, () -> true)) {
            assertThat(recorded.durable("RS_ONLY_IN_A_STREAM")).isTrue();
        }
    }

    @Test
    void whatCannotBeCheckedIsNotPromised() {
        AtomicBoolean asked = new AtomicBoolean();
        try (RecordedSettlements redisDown = RecordedSettlements.open(postgres(POSTGRES), prefix, () -> {
            asked.set(true);
            throw new IllegalStateException("Unable to connect to 127.0.0.1:18691");
        })) {
            assertThat(redisDown.durable("RS_ONLY_IN_A_STREAM")).isFalse();
            assertThat(redisDown.durable("RS_PENDING")).isTrue();
            assertThat(asked).isTrue();
        }
        try (RecordedSettlements postgresDown = RecordedSettlements.open(
                postgres("jdbc:postgresql://127.0.0.1:18692/test"), prefix, () -> false)) {
            assertThat(postgresDown.durable("RS_PENDING")).isFalse();
        }
    }

    private static PostgresSettings postgres(String url) {
        return new PostgresSettings(url, "postgres", "", 2);
    }
}
