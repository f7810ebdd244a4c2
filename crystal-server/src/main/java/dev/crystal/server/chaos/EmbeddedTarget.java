package dev.crystal.server.chaos;

import dev.crystal.server.CrystalServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Optional;
import java.util.Properties;

/**
 * One embedded {@code crystal serve} on a fresh data directory; the audit reads its SQLite files (read-only, so a
 * missing file is an error instead of a new empty database). Thread ownership: the chaos run's thread.
 */
final class EmbeddedTarget implements ChaosTarget {
    private final ServeNode node;

    EmbeddedTarget(Path dir, int port) {
        this.node = new ServeNode("embedded", port, dir.resolve("data"), null, dir.resolve("serve.log"));
    }

    @Override
    public void start() {
        node.start();
    }

    @Override
    public URI loadUrl() {
        return node.url();
    }

    @Override
    public String apiKey() {
        try {
            return Files.readString(node.dataDir().resolve(CrystalServer.ADMIN_KEY_FILE)).trim();
        } catch (IOException e) {
            throw new IllegalStateException("the embedded server wrote no admin key: " + e.getMessage(), e);
        }
    }

    @Override
    public ServeNode holder() {
        return node;
    }

    @Override
    public void restart(ServeNode which) {
        which.start();
    }

    @Override
    public StoreAudit.Stores stores() {
        return domain -> {
            Properties readOnly = new Properties();
            readOnly.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: never creates the file
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + node.dataDir().resolve(domain + ".db"), readOnly);
            c.setReadOnly(true);
            return c;
        };
    }

    @Override
    public Optional<RedisChild> redis() {
        return Optional.empty();
    }

    @Override
    public Optional<StreamFaults> streams() {
        return Optional.empty();
    }

    @Override
    public void removeData() {
        // everything is in the data directory, which the run deletes
    }

    @Override
    public void close() {
        if (node.alive()) {
            node.stop();
        }
    }
}
