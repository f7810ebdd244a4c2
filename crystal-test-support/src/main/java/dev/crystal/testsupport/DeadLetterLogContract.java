package dev.crystal.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.DeadLetterReason;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.runtime.spi.DeadLetterLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeadLetterLog} must do, run on the in-memory log ({@link DeadLetterLog#inMemory()}) and on
 * {@code JdbcDeadLetterLog} over SQLite and PostgreSQL: letters kept oldest first with their whole envelope, found
 * by id and by message and worker, updated in place, and — through a runtime — kept across a restart, counted
 * again when the message fails again, resolved when it is replayed. Subclasses open a log under a name (a file, a
 * schema) and open it again for a "restart"; they remove what they stored after each test. Thread ownership: the
 * JUnit thread, apart from the runtimes' workers that dead-letter.
 */
public abstract class DeadLetterLogContract {
    /** The payload of the letters here; a durable log must be able to write and read it back. */
    public record Note(String text, long n) {
    }

    private static final Address<Note> NOTES = Address.of("notes", Note.class);
    private final List<WorkerRuntime> runtimes = new ArrayList<>();

    /** Opens the log stored under {@code name} (a file, a schema; in memory: a new log). */
    protected abstract DeadLetterLog open(String name);

    /**
     * Stands for a restart: closes what {@link #open} opened for {@code name} and opens the log stored there again
     * (an in-memory log, which lives as long as its process, returns the same log).
     */
    protected abstract DeadLetterLog reopen(String name);

    /** Closes every log opened and removes its data. */
    protected abstract void dropAll();

    @AfterEach
    final void cleanUp() {
        runtimes.forEach(WorkerRuntime::shutdownNow);
        dropAll();
    }

    /** A letter {@code id} for note {@code n} (odd notes have a causation id), failed at {@code at}. */
    protected static DeadLetter letter(String id, long n, Instant at) {
        Envelope<Note> envelope = new Envelope<>("msg-" + n, "Note", "corr-" + n, n % 2 == 0 ? null : "cause-" + n,
                "external", "notes", Instant.parse("2026-12-05T10:00:00.123456Z"), new Note("note with | bar", n));
        return new DeadLetter(envelope, "handler failed: boom " + n, "java.lang.IllegalStateException: boom\n\tat x",
                at, id);
    }

    @Test
    void lettersAreKeptAcrossReopeningOldestFirstWithTheirWholeEnvelope() {
        DeadLetterLog log = open("kept");
        DeadLetter second = letter("dl_b", 2, Instant.parse("2026-12-05T10:00:02Z"));
        DeadLetter first = letter("dl_a", 1, Instant.parse("2026-12-05T10:00:01.5Z"));
        log.append(second);
        log.append(first);

        DeadLetterLog reopened = reopen("kept");
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
        DeadLetterLog log = open("update");
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

        DeadLetterLog reopened = reopen("update");
        assertThat(reopened.find("dl_u")).contains(resolved);
        assertThat(resolved.attempts()).isEqualTo(4);
        assertThat(resolved.firstFailedAt()).isEqualTo(Instant.parse("2026-12-05T10:00:01Z"));
        assertThat(resolved.status()).isEqualTo("resolved");
        assertThat(reopened.list()).extracting(DeadLetter::id).containsExactly("dl_u", "dl_v");
        assertThat(reopened.count()).isEqualTo(2);
    }

    @Test
    void aMessageFailingAgainAfterARestartAddsAttemptsToItsLetterAndItsSuccessResolvesIt() {
        WorkerRuntime before = runtime("again-1", open("again"));
        before.register(NOTES, (envelope, context) -> {
            throw new IllegalStateException("database is locked");
        });
        before.start();
        before.send(NOTES, new Note("settle", 3), "corr-again");
        await().atMost(Duration.ofSeconds(10)).until(() -> before.deadLetters().open().size() == 1);
        DeadLetter letter = before.deadLetters().open().getFirst();
        int perDelivery = letter.attempts();
        before.shutdownNow();

        AtomicBoolean locked = new AtomicBoolean(true);
        WorkerRuntime after = runtime("again-2", reopen("again"));
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
    void aRuntimesDeadLetterSurvivesARestartAndIsReplayedToTheFixedWorker() {
        WorkerRuntime failing = runtime("before", open("runtime"));
        failing.register(NOTES, (envelope, context) -> {
            throw new IllegalStateException("cannot take note " + envelope.payload().n());
        });
        failing.start();
        assertThat(failing.send(NOTES, new Note("settle", 7), "corr-restart")).isEqualTo(Delivery.ACCEPTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> failing.deadLetters().open().size() == 1);
        String id = failing.deadLetters().open().getFirst().id();
        failing.shutdownNow();

        Queue<Envelope<Note>> taken = new ConcurrentLinkedQueue<>();
        WorkerRuntime fixed = runtime("after", reopen("runtime"));
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

    private WorkerRuntime runtime(String name, DeadLetterLog log) {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("dl-" + name).withDeadLetterLog(log));
        runtimes.add(runtime);
        return runtime;
    }
}
