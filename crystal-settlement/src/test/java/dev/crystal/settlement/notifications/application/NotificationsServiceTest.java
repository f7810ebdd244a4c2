package dev.crystal.settlement.notifications.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.BreakerState;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.contracts.NoticeSent;
import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.notifications.adapter.JdbcNoticeStore;
import dev.crystal.store.SqliteDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
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
        volatile boolean up;
        final List<Notice> delivered = new CopyOnWriteArrayList<>();

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
    void theWorkersCircuitBreakerStopsCallingAFailingChannelAndShowsOpenInTheMetrics() {
        FlakyChannel channel = new FlakyChannel();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Address<String> notices = Address.of("notices", String.class);
        AtomicReference<GuardedNoticeChannel> guarded = new AtomicReference<>();
        List<String> outcomes = new CopyOnWriteArrayList<>();
        Notice notice = new Notice("n", "c", "customer", "K", "r", "flaky", "pending", "t", T0.toString());
        try (WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("breaker").withMeterRegistry(meters))) {
            runtime.register(notices, new Worker<>() {
                @Override
                public void onStart(WorkerContext context) {
                    guarded.set(GuardedNoticeChannel.of(channel, context));
                }

                @Override
                public void onMessage(Envelope<String> envelope, WorkerContext context) {
                    try {
                        guarded.get().deliver(notice);
                        outcomes.add("delivered");
                    } catch (Exception failed) {
                        outcomes.add(failed.getMessage());
                    }
                }
            });
            runtime.start();
            for (int i = 0; i < 10; i++) {
                runtime.send(notices, "notice " + i, null);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() == 10);
            assertThat(outcomes).allMatch(o -> o.contains("connection refused") || o.contains("circuit breaker"));
            assertThat(guarded.get().state()).isEqualTo(BreakerState.OPEN);

            channel.up = true;
            runtime.send(notices, "after the channel recovered", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() == 11);
            assertThat(outcomes.get(10)).isEqualTo("circuit breaker flaky is OPEN");
            assertThat(channel.delivered).isEmpty();
            assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "notices/flaky")
                    .tag("state", "open").gauge().value()).isEqualTo(1.0);
        }
    }
}
