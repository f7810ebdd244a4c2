package dev.crystal.jobs.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crystal.jobs.QueueEvent;
import dev.crystal.jobs.QueueEventKind;
import dev.crystal.jobs.QueueEvents;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.jobs.spi.JobStore;
import dev.crystal.testsupport.QueueEventsContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the queue events contract against the SQLite store, plus its read-only reader. */
class SqliteQueueEventsTest extends QueueEventsContract {
    @Override
    protected JobStore openStore(Path dir, int eventsMaxLen) {
        return SqliteJobStore.open(dir.resolve("jobs.db"), eventsMaxLen);
    }

    @Test
    void aReadOnlyReaderOfTheSameFileSeesTheEventsInOrder() throws Exception {
        try (SqliteEventLog reader = SqliteEventLog.openReadOnly(dir.resolve("jobs.db"))) {
            QueueEvents others = QueueEvents.of(reader);
            String id = jobs.queue("ro").add("x", 1).id();
            jobs.worker("ro", job -> "y", WorkerOptions.builder()
                    .pollInterval(Duration.ofMillis(10)).build());
            await().atMost(WAIT).untilAsserted(() -> assertThat(others.read("ro", 0, 100, Duration.ZERO))
                    .extracting(QueueEvent::kind).containsExactly(QueueEventKind.ADDED, QueueEventKind.WAITING,
                            QueueEventKind.ACTIVE, QueueEventKind.COMPLETED));
            List<QueueEvent> seen = others.read("ro", 0, 100, Duration.ZERO);
            assertThat(seen).allSatisfy(e -> assertThat(e.jobId()).isEqualTo(id));
            assertThat(seen).isEqualTo(jobs.queueEvents().read("ro", 0, 100, Duration.ZERO));
        }
    }

    @Test
    void aReaderOfAMissingFileIsToldSo() {
        assertThatThrownBy(() -> SqliteEventLog.openReadOnly(dir.resolve("nope.db")))
                .isInstanceOf(SqliteStoreException.class).hasMessageContaining("no job store file");
    }
}
