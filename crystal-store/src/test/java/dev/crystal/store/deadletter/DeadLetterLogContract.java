package dev.crystal.store.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.DeadLetterReason;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.store.Database;
import dev.crystal.store.inbox.PayloadCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link JdbcDeadLetterLog} on a real database: subclasses open SQLite files or PostgreSQL schemas (with
 * {@link JdbcDeadLetterLog#MIGRATIONS}) and remove them after each test. Thread ownership: the JUnit thread,
 * apart from the runtimes' workers that dead-letter.
 */
abstract class DeadLetterLogContract {
    /** A payload of the test's own. */
    record Note(String text, long n) {
    }

    /** Writes a {@link Note} as {@code text|n}; refuses anything else. Stateless. */
    static final class NoteCodec implements PayloadCodec {
        @Override
        public String encode(Object payload) {
            if (payload instanceof Note note) {
                return note.text() + "|" + note.n();
            }
            throw new IllegalArgumentException("not a note: " + payload.getClass().getName());
        }

        @Override
        public Object decode(String payloadClass, String text) {
            if (!payloadClass.equals(Note.class.getName())) {
                throw new IllegalArgumentException("not a note class: " + payloadClass);
            }
            int bar = text.lastIndexOf('|');
            return new Note(text.substring(0, bar), Long.parseLong(text.substring(bar + 1)));
        }
    }

    private static final Address<Note> NOTES = Address.of("notes", Note.class);
    private final List<WorkerRuntime> runtimes = new ArrayList<>();

    /** Opens (again, after {@link Database#close()}) the database {@code name} with the dead-letter migrations. */
    protected abstract Database open(String name);

    /** Closes every database opened and removes its data. */
    protected abstract void dropAll();

    @AfterEach
    final void cleanUp() {
        runtimes.forEach(WorkerRuntime::shutdownNow);
        dropAll();
    }

    private static DeadLetter letter(String id, long n, Instant at) {
        Envelope<Note> envelope = new Envelope<>("msg-" + n, "Note", "corr-" + n, n % 2 == 0 ? null : "cause-" + n,
                "external", "notes", Instant.parse("2026-12-05T10:00:00.123456Z"), new Note("note with | bar", n));
        return new DeadLetter(envelope, "handler failed: boom " + n, "java.lang.IllegalStateException: boom\n\tat x",
                at, id);
    }

    @Test
    void lettersAreKeptAcrossReopeningOldestFirstWithTheirWholeEnvelope() {
        Database db = open("kept");
        JdbcDeadLetterLog log = new JdbcDeadLetterLog(db, new NoteCodec());
        DeadLetter second = letter("dl_b", 2, Instant.parse("2026-12-05T10:00:02Z"));
        DeadLetter first = letter("dl_a", 1, Instant.parse("2026-12-05T10:00:01.5Z"));
        log.append(second);
        log.append(first);
        db.close();

        JdbcDeadLetterLog reopened = new JdbcDeadLetterLog(open("kept"), new NoteCodec());
        assertThat(reopened.count()).isEqualTo(2);
        assertThat(reopened.list()).containsExactly(first, second);
        assertThat(reopened.find("dl_b")).contains(second);
        assertThat(reopened.find("dl_missing")).isEmpty();
        assertThat(reopened.remove("dl_a")).isTrue();
        assertThat(reopened.remove("dl_a")).isFalse();
        assertThat(reopened.list()).containsExactly(second);
    }

    @Test
    void aLetterIsFoundByMessageAndWorkerAndUpdatedInPlaceWithAttemptsAndResolution() {
        Database db = open("update");
        JdbcDeadLetterLog log = new JdbcDeadLetterLog(db, new NoteCodec());
        DeadLetter first = letter("dl_u", 4, Instant.parse("2026-12-05T10:00:01Z"));
        log.append(first);
        log.append(letter("dl_v", 5, Instant.parse("2026-12-05T10:00:02Z")));
        assertThat(log.findByMessage("notes", "msg-4")).contains(first);
        assertThat(log.findByMessage("elsewhere", "msg-4")).isEmpty();
        assertThat(log.findByMessage("notes", "msg-9")).isEmpty();
        assertThat(first.code()).isEqualTo(DeadLetterReason.HANDLER_FAILED);

        DeadLetter again = first.failedAgain(DeadLetterReason.TIMEOUT, "timed out", "TimeoutException: slow\n  at a.b(C.java:1)\n",
                Instant.parse("2026-12-05T10:05:00Z"), 3);
        assertThat(log.update(again)).isTrue();
        DeadLetter resolved = again.resolve(Instant.parse("2026-12-05T10:06:00Z"), DeadLetter.RESOLVED_BY_REPLAY);
        assertThat(log.update(resolved)).isTrue();
        assertThat(log.update(letter("dl_missing", 8, Instant.now()))).isFalse();
        db.close();

        JdbcDeadLetterLog reopened = new JdbcDeadLetterLog(open("update"), new NoteCodec());
        assertThat(reopened.find("dl_u")).contains(resolved);
        assertThat(resolved.attempts()).isEqualTo(4);
        assertThat(resolved.firstFailedAt()).isEqualTo(Instant.parse("2026-12-05T10:00:01Z"));
        assertThat(resolved.status()).isEqualTo("resolved");
        assertThat(reopened.list()).extracting(DeadLetter::id).containsExactly("dl_u", "dl_v");
        assertThat(reopened.count()).isEqualTo(2);
    }

    @Test
    void aMessageFailingAgainAfterARestartAddsAttemptsToItsLetterAndItsSuccessResolvesIt() {
        Database db = open("again");
        WorkerRuntime before = runtime("again-1", new JdbcDeadLetterLog(db, new NoteCodec()));
        before.register(NOTES, (envelope, context) -> {
            throw new IllegalStateException("database is locked");
        });
        before.start();
        before.send(NOTES, new Note("settle", 3), "corr-again");
        await().atMost(Duration.ofSeconds(10)).until(() -> before.deadLetters().open().size() == 1);
        DeadLetter letter = before.deadLetters().open().getFirst();
        int perDelivery = letter.attempts();
        before.shutdownNow();
        db.close();

        Database reopenedDb = open("again");
        AtomicBoolean locked = new AtomicBoolean(true);
        WorkerRuntime after = runtime("again-2", new JdbcDeadLetterLog(reopenedDb, new NoteCodec()));
        after.register(NOTES, (envelope, context) -> {
            if (locked.get()) {
                throw new IllegalStateException("database is locked");
            }
        });
        after.start();
        after.deliver(letter.envelope()); // redelivered by a transport, say
        await().atMost(Duration.ofSeconds(10)).until(() -> after.deadLetters().open().size() == 1
                && after.deadLetters().open().getFirst().attempts() == 2 * perDelivery);
        assertThat(after.deadLetters().all()).extracting(DeadLetter::id).containsExactly(letter.id());

        locked.set(false);
        assertThat(after.deadLetters().replay(letter.id())).contains(Delivery.ACCEPTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> after.deadLetters().open().isEmpty());
        assertThat(after.deadLetters().find(letter.id())).get().satisfies(d -> {
            assertThat(d.resolved()).isTrue();
            assertThat(d.resolvedBy()).isEqualTo(DeadLetter.RESOLVED_BY_REPLAY);
            assertThat(d.resolvedAt()).isNotNull();
        });
    }

    @Test
    void onlyTheNewestMaxKeptLettersStay() {
        JdbcDeadLetterLog log = new JdbcDeadLetterLog(open("trim"), new NoteCodec(), 3);
        for (int i = 1; i <= 5; i++) {
            log.append(letter("dl_" + i, i, Instant.parse("2026-12-05T10:00:00Z").plusSeconds(i)));
        }
        assertThat(log.list()).extracting(DeadLetter::id).containsExactly("dl_3", "dl_4", "dl_5");
    }

    @Test
    void aPayloadTheCodecCannotWriteIsRefusedAndNothingIsStored() {
        JdbcDeadLetterLog log = new JdbcDeadLetterLog(open("refused"), new NoteCodec());
        Envelope<String> odd = new Envelope<>("msg-x", "String", "corr", null, "external", "notes",
                Instant.parse("2026-12-05T10:00:00Z"), "not a note");
        assertThatThrownBy(() -> log.append(new DeadLetter(odd, "r", "", Instant.now(), "dl_x")))
                .hasMessageContaining("not a note");
        assertThat(log.count()).isZero();
    }

    @Test
    void aRuntimesDeadLetterSurvivesARestartAndIsReplayedToTheFixedWorker() {
        Database db = open("runtime");
        WorkerRuntime failing = runtime("before", new JdbcDeadLetterLog(db, new NoteCodec()));
        failing.register(NOTES, (envelope, context) -> {
            throw new IllegalStateException("cannot take note " + envelope.payload().n());
        });
        failing.start();
        assertThat(failing.send(NOTES, new Note("settle", 7), "corr-restart")).isEqualTo(Delivery.ACCEPTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> failing.deadLetters().open().size() == 1);
        String id = failing.deadLetters().open().getFirst().id();
        failing.shutdownNow();
        db.close();

        Queue<Envelope<Note>> taken = new ConcurrentLinkedQueue<>();
        WorkerRuntime fixed = runtime("after", new JdbcDeadLetterLog(open("runtime"), new NoteCodec()));
        fixed.register(NOTES, (envelope, context) -> taken.add(envelope));
        fixed.start();
        DeadLetter kept = fixed.deadLetters().find(id).orElseThrow();
        assertThat(kept.reason()).contains("cannot take note 7");
        assertThat(kept.stackTrace()).contains("IllegalStateException");
        assertThat(kept.envelope().correlationId()).isEqualTo("corr-restart");

        assertThat(fixed.deadLetters().replay(id)).contains(Delivery.ACCEPTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> taken.size() == 1);
        assertThat(taken.peek().payload()).isEqualTo(new Note("settle", 7));
        assertThat(taken.peek().messageId()).isEqualTo(kept.envelope().messageId());
        await().atMost(Duration.ofSeconds(10)).until(() -> fixed.deadLetters().open().isEmpty());
    }

    private WorkerRuntime runtime(String name, JdbcDeadLetterLog log) {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("dl-" + name).withDeadLetterLog(log));
        runtimes.add(runtime);
        return runtime;
    }
}
