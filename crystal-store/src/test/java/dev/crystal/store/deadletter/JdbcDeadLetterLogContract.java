package dev.crystal.store.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.DeadLetterLog;
import dev.crystal.store.Database;
import dev.crystal.store.inbox.PayloadCodec;
import dev.crystal.testsupport.DeadLetterLogContract;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link DeadLetterLogContract} on {@link JdbcDeadLetterLog}, plus what only a durable log does (keeps the newest
 * {@code maxKept}, refuses a payload its codec cannot write): subclasses open SQLite files or PostgreSQL schemas
 * (with {@link JdbcDeadLetterLog#MIGRATIONS}) and remove them after each test. Thread ownership: the JUnit thread.
 */
abstract class JdbcDeadLetterLogContract extends DeadLetterLogContract {
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

    private final Map<String, Database> databases = new LinkedHashMap<>();

    /** Opens (again, after {@link Database#close()}) the database {@code name} with the dead-letter migrations. */
    protected abstract Database database(String name);

    /** Removes the data of every database opened (all are closed by then). */
    protected abstract void removeAll();

    private Database opened(String name) {
        Database db = database(name);
        databases.put(name, db);
        return db;
    }

    @Override
    protected final DeadLetterLog open(String name) {
        return new JdbcDeadLetterLog(opened(name), new NoteCodec());
    }

    @Override
    protected final DeadLetterLog reopen(String name) {
        Database db = databases.remove(name);
        if (db != null) {
            db.close();
        }
        return open(name);
    }

    @Override
    protected final void dropAll() {
        databases.values().forEach(Database::close);
        databases.clear();
        removeAll();
    }

    @Test
    void onlyTheNewestMaxKeptLettersStay() {
        JdbcDeadLetterLog log = new JdbcDeadLetterLog(opened("trim"), new NoteCodec(), 3);
        for (int i = 1; i <= 5; i++) {
            log.append(letter("dl_" + i, i, Instant.parse("2026-12-05T10:00:00Z").plusSeconds(i)));
        }
        assertThat(log.list()).extracting(DeadLetter::id).containsExactly("dl_3", "dl_4", "dl_5");
    }

    @Test
    void aPayloadTheCodecCannotWriteIsRefusedAndNothingIsStored() {
        DeadLetterLog log = open("refused");
        Envelope<String> odd = new Envelope<>("msg-x", "String", "corr", null, "external", "notes",
                Instant.parse("2026-12-05T10:00:00Z"), "not a note");
        assertThatThrownBy(() -> log.append(new DeadLetter(odd, "r", "", Instant.now(), "dl_x")))
                .hasMessageContaining("not a note");
        assertThat(log.count()).isZero();
    }
}
