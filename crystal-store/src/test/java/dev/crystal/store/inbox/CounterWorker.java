package dev.crystal.store.inbox;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A deliberately non-idempotent worker: every add increases a counter, so a duplicate that gets through shows.
 * Thread ownership: its worker thread.
 */
final class CounterWorker implements Worker<CounterMessage> {
    /** The counters table and the inbox/outbox tables. */
    static final List<String> MIGRATIONS = List.of("classpath:db/counters", InboxWorker.MIGRATIONS);

    private final Database db;

    CounterWorker(Database db) {
        this.db = db;
    }

    static Address<CounterMessage> address(String name) {
        return Address.of(name, CounterMessage.class);
    }

    @Override
    public void onMessage(Envelope<CounterMessage> envelope, WorkerContext context) {
        switch (envelope.payload()) {
            case CounterMessage.Add add -> {
                long total = add(db, add.counter(), add.amount());
                if (add.amount() < 0) {
                    throw new IllegalStateException("negative amount " + add.amount() + " refused after writing");
                }
                if (add.forwardTo() != null) {
                    context.send(address(add.forwardTo()), new CounterMessage.Add(add.counter(), add.amount(), null));
                }
                context.publish(new CounterMessage.Added(context.self(), add.counter(), total));
            }
            case CounterMessage.AddAndTell add -> context.reply(add, add(db, add.counter(), add.amount()));
            case CounterMessage.Get get -> context.reply(get, total(db, get.counter()));
        }
    }

    static long add(Database db, String counter, long amount) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO counters (name, total) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET total = counters.total + excluded.total")) {
                ps.setString(1, counter);
                ps.setLong(2, amount);
                ps.executeUpdate();
            }
            return totalIn(c, counter);
        });
    }

    static long total(Database db, String counter) {
        return db.read(c -> totalIn(c, counter));
    }

    private static long totalIn(Connection c, String counter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT total FROM counters WHERE name = ?")) {
            ps.setString(1, counter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }
}
