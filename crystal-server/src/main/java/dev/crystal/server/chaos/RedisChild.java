package dev.crystal.server.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's own {@code redis-server}, on its own port and directory, with or without persistence (AOF with
 * {@code appendfsync always}). Thread ownership: the chaos run's thread.
 */
final class RedisChild {
    private final String executable;
    private final int port;
    private final Path dir;
    private final boolean persistent;
    private ChildProcess process;

    RedisChild(String executable, int port, Path dir, boolean persistent) {
        this.executable = executable;
        this.port = port;
        this.dir = dir;
        this.persistent = persistent;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    boolean persistent() {
        return persistent;
    }

    /** Starts (or starts again, on the same files) and waits until it accepts connections. */
    void start() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>(List.of(executable, "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--dir", dir.toString(), "--save", "", "--protected-mode", "yes"));
        if (persistent) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        process = ChildProcess.start(command, dir.resolve("redis.log"),
                line -> line.contains("Ready to accept connections"), Duration.ofSeconds(30));
    }

    /** SIGKILL: what it had not written to its files is gone. */
    void kill() {
        if (process != null && process.alive()) {
            process.kill();
        }
    }
}
