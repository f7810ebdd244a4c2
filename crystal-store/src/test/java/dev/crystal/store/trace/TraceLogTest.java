package dev.crystal.store.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.Hop;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace log keeps hops durably, finds them by operation or business id, and stays within its bounds. */
class TraceLogTest {
    record Pay(String settlementId, String customerId) {
    }

    record Wrapped(Pay request) {
    }

    @TempDir
    Path dir;
    SqliteDatabase db;
    TraceLog log;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final InstantSource clock = () -> now.get();

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private TraceLog open(TraceSettings settings) {
        db = SqliteDatabase.open(dir.resolve("traces.db"), List.of(TraceLog.MIGRATIONS));
        log = new TraceLog(db, "node-a", settings, TraceKeys.recordComponents(List.of("settlementId"),
                List.of("customerId")), clock, null);
        return log;
    }

    private Hop hop(String id, String corr, String cause, Object payload, long startedMicros) {
        Envelope<Object> e = new Envelope<>(id, payload.getClass().getSimpleName(), corr, cause, "external",
                "collections", Instant.EPOCH.plusNanos(startedMicros * 1_000), payload);
        return new Hop(e, "collections", startedMicros, startedMicros + 50, startedMicros + 80, Hop.Outcome.HANDLED, 1);
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    @Test
    void hopsAreWrittenAndFoundByOperationBusinessIdAndCustomer() {
        open(TraceSettings.on());
        long t = micros(now.get());
        log.record(hop("m1", "corr-1", null, new Wrapped(new Pay("PEN_1", "C1")), t));
        log.record(hop("m2", "corr-1", "m1", new Pay("PEN_1", "C1"), t + 100));
        log.record(hop("m3", "corr-2", null, new Pay("PEN_2", "C1"), t + 200));
        assertThat(log.flush(5_000)).isTrue();

        List<TraceRecord> hops = log.byCorrelation("corr-1");
        assertThat(hops).extracting(TraceRecord::messageId).containsExactly("m1", "m2");
        TraceRecord first = hops.get(0);
        assertThat(first.subject()).isEqualTo("PEN_1"); // found inside the wrapped request
        assertThat(first.customer()).isEqualTo("C1");
        assertThat(first.node()).isEqualTo("node-a");
        assertThat(first.commitWaitMicros()).isEqualTo(30);
        assertThat(first.handlingMicros()).isEqualTo(50);
        assertThat(hops.get(1).causationId()).isEqualTo("m1");

        assertThat(log.correlationsFor("corr-1")).containsExactly("corr-1");
        assertThat(log.correlationsFor("PEN_2")).containsExactly("corr-2");
        assertThat(log.correlationsFor("C1")).containsExactly("corr-1", "corr-2");
        assertThat(log.correlationsFor("m2")).containsExactly("corr-1");
        assertThat(log.correlationsFor("unknown")).isEmpty();
    }

    @Test
    void rowsOlderThanTheMaximumAgeAndBeyondTheMaximumCountAreDeleted() {
        open(TraceSettings.on().withRetention(Duration.ofHours(1), 3));
        long t = micros(now.get());
        log.record(hop("old", "corr-old", null, new Pay("P0", "C"), t - 2 * 3_600_000_000L));
        for (int i = 1; i <= 5; i++) {
            log.record(hop("m" + i, "corr-" + i, null, new Pay("P" + i, "C"), t + i));
        }
        log.flush(5_000);
        log.retainNow(); // the writer also runs it every 10 s
        assertThat(log.count()).isEqualTo(3);
        assertThat(log.byCorrelation("corr-old")).isEmpty();
        assertThat(log.byCorrelation("corr-1")).isEmpty(); // the oldest beyond the row bound
        assertThat(log.byCorrelation("corr-5")).hasSize(1);
    }

    @Test
    void businessKeysAreOneRowPerOperationFoundInTimeOrderAndGoWithTheirLastHop() {
        open(TraceSettings.on().withRetention(Duration.ofHours(1), 3));
        long t = micros(now.get());
        // corr-late's hops with C2 come in two batches: its key spans both
        log.record(hop("a1", "corr-late", null, new Pay("PA", "C2"), t + 10));
        log.record(hop("b1", "corr-early", null, new Pay("PB", "C2"), t + 1));
        log.record(hop("b2", "corr-early", "b1", new Pay("PB", "C2"), t + 2));
        assertThat(log.flush(5_000)).isTrue();
        log.record(hop("a2", "corr-late", "a1", new Pay("PA", "C2"), t + 20));
        assertThat(log.flush(5_000)).isTrue();
        assertThat(keyRows()).isEqualTo(4); // PA, PB and C2 twice: not one entry per hop
        assertThat(log.correlationsFor("C2")).containsExactly("corr-early", "corr-late");
        assertThat(log.correlationsFor("a2")).containsExactly("corr-late"); // a message id

        log.record(hop("c1", "corr-new", null, new Pay("PC", "C3"), t + 30));
        assertThat(log.flush(5_000)).isTrue();
        log.retainNow(); // keeps the newest 3 hops: a1, a2 (corr-late) and c1
        assertThat(log.correlationsFor("PB")).isEmpty();
        assertThat(log.correlationsFor("C2")).containsExactly("corr-late");
        assertThat(log.correlationsFor("C3")).containsExactly("corr-new");
        assertThat(keyRows()).isEqualTo(4); // PA, C2 of corr-late; PC, C3 of corr-new
    }

    private long keyRows() {
        return db.read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM trace_keys"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void offTracesNothingAndSamplingKeepsOrDropsWholeOperations() {
        open(TraceSettings.on().withMode("sample=8"));
        int traced = 0;
        for (int i = 0; i < 4_000; i++) {
            String corr = "corr_" + i;
            boolean decision = log.traces(corr);
            assertThat(log.traces(corr)).isEqualTo(decision); // the same answer on every hop, on every node
            traced += decision ? 1 : 0;
        }
        assertThat(traced).isBetween(350, 650);
        assertThat(TraceSettings.off().mode()).isEqualTo(TraceSettings.Mode.OFF);
        assertThat(TraceSettings.on().withMode("off").mode()).isEqualTo(TraceSettings.Mode.OFF);
        assertThat(TraceSettings.on().withMode("sample=1").mode()).isEqualTo(TraceSettings.Mode.ON);
        assertThatThrownBy(() -> TraceSettings.on().withMode("sometimes"))
                .hasMessageContaining("on, off or sample=N");
        assertThatThrownBy(() -> TraceSettings.on().withMode("sample=0")).hasMessageContaining("sample=N");
    }

    @Test
    void aWriterDozingAfterAQuietSpellIsWokenByTheNextHopAndWritesItWithoutAFlush() {
        open(TraceSettings.on());
        // nothing offered: after DOZE_AFTER_ROUNDS empty rounds the writer parks until the next retention (10 s)
        await().atMost(Duration.ofSeconds(10)).until(log::dozing);
        log.record(hop("m1", "corr-1", null, new Pay("P1", "C1"), micros(now.get())));
        // the offer wakes it: written long before the retention would have woken it, with no flush() nudging it
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(log.byCorrelation("corr-1")).hasSize(1));
    }

    @Test
    void aClosedLogDropsAndCountsInsteadOfBlocking() {
        open(TraceSettings.on());
        log.close();
        log.record(hop("late", "corr-late", null, new Pay("P", "C"), micros(now.get())));
        assertThat(log.dropped()).isEqualTo(1);
    }
}
