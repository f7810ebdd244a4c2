package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.CatchUp;
import dev.crystal.jobs.UpsertResult;
import dev.crystal.jobs.spi.NewJob;
import dev.crystal.jobs.spi.ScheduleRecord;
import dev.crystal.jobs.spi.ScheduleStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * SQLite {@link ScheduleStore}: firing is a compare-and-set on {@code next_slot} plus the slot's jobs in
 * one write task. Stateless.
 */
final class SqliteScheduleStore implements ScheduleStore {
    private static final String COLUMNS = "id, queue, job_name, timing, template, catch_up, next_slot, last_slot";
    private static final String READ_COLUMNS = COLUMNS + ", paused, runs";
    private static final String GET = "SELECT " + READ_COLUMNS + " FROM schedules WHERE id = ?";
    private static final String LIST = "SELECT " + READ_COLUMNS + " FROM schedules ORDER BY id";
    private static final String DUE = "SELECT " + READ_COLUMNS
            + " FROM schedules WHERE next_slot <= ? AND paused = 0 ORDER BY next_slot";
    private static final String EARLIEST = "SELECT min(next_slot) FROM schedules WHERE paused = 0";
    private static final String SET_PAUSED =
            "UPDATE schedules SET paused = ?, next_slot = coalesce(?, next_slot) WHERE id = ?";
    private static final String INSERT = "INSERT INTO schedules (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL)";
    private static final String UPDATE_TEMPLATE =
            "UPDATE schedules SET queue = ?, job_name = ?, template = ?, catch_up = ? WHERE id = ?";
    private static final String UPDATE_TIMING = """
            UPDATE schedules SET queue = ?, job_name = ?, template = ?, catch_up = ?, timing = ?, next_slot = ?
            WHERE id = ?""";
    private static final String REMOVE = "DELETE FROM schedules WHERE id = ?";
    private static final String ADVANCE = """
            UPDATE schedules SET next_slot = ?, last_slot = coalesce(?, last_slot), runs = runs + ?
            WHERE id = ? AND next_slot = ? AND paused = 0""";

    private final SqliteWriter writer;
    private final SqliteReaders readers;
    private final SqliteAppender appender;

    SqliteScheduleStore(SqliteWriter writer, SqliteReaders readers, SqliteAppender appender) {
        this.writer = writer;
        this.readers = readers;
        this.appender = appender;
    }

    @Override
    public UpsertResult upsert(ScheduleRecord schedule) {
        return writer.execute(session -> {
            Optional<ScheduleRecord> existing = find(session, GET, schedule.id()).stream().findFirst();
            if (existing.isEmpty()) {
                PreparedStatement insert = session.prepare(INSERT);
                insert.setString(1, schedule.id());
                insert.setString(2, schedule.queue());
                insert.setString(3, schedule.jobName());
                insert.setString(4, schedule.timing());
                insert.setString(5, schedule.template());
                insert.setString(6, schedule.catchUp().name());
                insert.setLong(7, schedule.nextSlot().toEpochMilli());
                insert.executeUpdate();
                return UpsertResult.CREATED;
            }
            ScheduleRecord old = existing.get();
            boolean sameTiming = old.timing().equals(schedule.timing());
            if (sameTiming && old.queue().equals(schedule.queue()) && old.jobName().equals(schedule.jobName())
                    && old.template().equals(schedule.template()) && old.catchUp() == schedule.catchUp()) {
                return UpsertResult.UNCHANGED;
            }
            PreparedStatement update = session.prepare(sameTiming ? UPDATE_TEMPLATE : UPDATE_TIMING);
            update.setString(1, schedule.queue());
            update.setString(2, schedule.jobName());
            update.setString(3, schedule.template());
            update.setString(4, schedule.catchUp().name());
            if (sameTiming) {
                update.setString(5, schedule.id());
            } else {
                update.setString(5, schedule.timing());
                update.setLong(6, schedule.nextSlot().toEpochMilli());
                update.setString(7, schedule.id());
            }
            update.executeUpdate();
            return UpsertResult.UPDATED;
        });
    }

    @Override
    public boolean remove(String id) {
        return writer.execute(session -> {
            PreparedStatement delete = session.prepare(REMOVE);
            delete.setString(1, id);
            return delete.executeUpdate() == 1;
        });
    }

    @Override
    public boolean setPaused(String id, boolean paused, Instant nextSlot) {
        return writer.execute(session -> {
            PreparedStatement update = session.prepare(SET_PAUSED);
            update.setInt(1, paused ? 1 : 0);
            JobRowWriter.setNullableLong(update, 2, nextSlot == null ? null : nextSlot.toEpochMilli());
            update.setString(3, id);
            return update.executeUpdate() == 1;
        });
    }

    @Override
    public Optional<ScheduleRecord> get(String id) {
        return readers.read(session -> find(session, GET, id).stream().findFirst());
    }

    @Override
    public List<ScheduleRecord> list() {
        return readers.read(session -> find(session, LIST, null));
    }

    @Override
    public List<ScheduleRecord> due(Instant now) {
        return readers.read(session -> find(session, DUE, now.toEpochMilli()));
    }

    @Override
    public Instant earliestNextSlot() {
        return readers.read(session -> {
            try (ResultSet row = session.prepare(EARLIEST).executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                long at = row.getLong(1);
                return row.wasNull() ? null : Instant.ofEpochMilli(at);
            }
        });
    }

    @Override
    public boolean fire(String id, Instant expectedNextSlot, Instant newNextSlot, Instant lastFired, List<NewJob> jobs) {
        Objects.requireNonNull(newNextSlot, "newNextSlot");
        return writer.execute(session -> {
            PreparedStatement advance = session.prepare(ADVANCE);
            advance.setLong(1, newNextSlot.toEpochMilli());
            JobRowWriter.setNullableLong(advance, 2, lastFired == null ? null : lastFired.toEpochMilli());
            advance.setInt(3, jobs.size());
            advance.setString(4, id);
            advance.setLong(5, expectedNextSlot.toEpochMilli());
            if (advance.executeUpdate() != 1) {
                return false;
            }
            if (!jobs.isEmpty()) {
                appender.insertAll(session, jobs);
            }
            return true;
        });
    }

    private static List<ScheduleRecord> find(SqliteSession session, String sql, Object parameter) throws SQLException {
        PreparedStatement query = session.prepare(sql);
        if (parameter != null) {
            query.setObject(1, parameter);
        }
        List<ScheduleRecord> records = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                long last = row.getLong(8);
                Instant lastSlot = row.wasNull() ? null : Instant.ofEpochMilli(last);
                records.add(new ScheduleRecord(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), CatchUp.valueOf(row.getString(6)), Instant.ofEpochMilli(row.getLong(7)),
                        lastSlot, row.getInt(9) != 0, row.getLong(10)));
            }
        }
        return records;
    }
}
