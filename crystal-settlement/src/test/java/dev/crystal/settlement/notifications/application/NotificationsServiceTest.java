package dev.crystal.settlement.notifications.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.contracts.NoticeSent;
import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.notifications.adapter.GuardedNoticeChannel;
import dev.crystal.settlement.notifications.adapter.JdbcNoticeStore;
import dev.crystal.store.SqliteDatabase;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationsServiceTest {
    static final Instant T0 = Instant.parse("2025-01-26T15:30:00Z");
    static final SettlementProcessed EVENT = new SettlementProcessed("PEN_001", "CUST_001", SettlementType.PAYOUT,
            Money.of("166.67"), null, "wire_transfer", T0, "CONF_PEN_001_1", Money.of("266.67"));

    @TempDir
    Path dir;

    /** A channel that is down until told otherwise. */
    static final class FlakyChannel implements NoticeChannel {
        boolean up;
        final List<Notice> delivered = new ArrayList<>();

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public void deliver(Notice notice) throws IOException {
            if (!up) {
                throw new IOException("connection refused");
            }
            delivered.add(notice);
        }
    }

    @Test
    void undeliveredNoticesStayPendingAndAreDeliveredOnceTheChannelRecovers() {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("n.db"), "classpath:db/notifications")) {
            FlakyChannel channel = new FlakyChannel();
            NotificationsService service = new NotificationsService(new JdbcNoticeStore(db), channel);
            List<NoticeSent> sent = new ArrayList<>();

            service.on(EVENT, T0, sent::add); // the caller is never failed by the channel
            service.on(EVENT, T0, sent::add); // the same event twice makes one notice
            assertThat(sent).isEmpty();
            assertThat(service.retryPending(sent::add)).isEqualTo(1);

            channel.up = true;
            assertThat(service.retryPending(sent::add)).isZero();
            assertThat(channel.delivered).hasSize(1);
            assertThat(sent).singleElement().extracting(NoticeSent::kind).isEqualTo("SETTLEMENT_PROCESSED");
            assertThat(service.forRecipient("CUST_001", 10)).singleElement()
                    .extracting(Notice::status).isEqualTo("delivered");
            assertThat(service.retryPending(sent::add)).isZero();
            assertThat(channel.delivered).hasSize(1);
        }
    }

    @Test
    void theCircuitBreakerStopsCallingAFailingChannel() throws Exception {
        FlakyChannel channel = new FlakyChannel();
        GuardedNoticeChannel guarded = GuardedNoticeChannel.withDefaults(channel);
        Notice notice = new Notice("n", "c", "customer", "K", "r", "flaky", "pending", "t", T0.toString());
        for (int i = 0; i < 10; i++) {
            try {
                guarded.deliver(notice);
            } catch (Exception expected) {
                // counted by the breaker
            }
        }
        assertThat(guarded.state()).isEqualTo(CircuitBreaker.State.OPEN);
        channel.up = true;
        try {
            guarded.deliver(notice);
        } catch (Exception refused) {
            assertThat(refused).hasMessageContaining("does not permit");
        }
        assertThat(channel.delivered).isEmpty();
    }
}
