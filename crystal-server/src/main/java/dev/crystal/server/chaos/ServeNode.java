package dev.crystal.server.chaos;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code crystal serve} child, started from the same Java and class path as {@code crystal chaos} itself, on a
 * fixed port so load can keep its target across restarts. Thread ownership: the chaos run's thread.
 */
final class ServeNode {
    /** Generous: on a loaded machine a node's start (JVM, migrations, pools) has taken over two minutes. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private final String name;
    private final int port;
    private final Path dataDir;
    private final Path config;
    private final Path log;
    private ChildProcess process;

    /**
     * @param config a {@code crystal.yaml} with a {@code cluster:} section, or {@code null} for embedded
     */
    ServeNode(String name, int port, Path dataDir, Path config, Path log) {
        this.name = name;
        this.port = port;
        this.dataDir = dataDir;
        this.config = config;
        this.log = log;
    }

    String name() {
        return name;
    }

    Path dataDir() {
        return dataDir;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the process; returns once it printed its ready line. */
    void start() {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.crystal.server.cli.CrystalCommand", "serve",
                "--port", Integer.toString(port), "--host", "127.0.0.1", "--data-dir", dataDir.toString(),
                "--shutdown-timeout", "10s", "--rate-limit", "off"));
        if (config != null) {
            command.addAll(List.of("--config", config.toString()));
        }
        process = ChildProcess.start(command, log, line -> line.contains("is ready at http://"), START_TIMEOUT);
    }

    /** The running process; fails when it is not started. */
    ChildProcess process() {
        if (process == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return process;
    }

    boolean alive() {
        return process != null && process.alive();
    }

    /** SIGTERM and wait (graceful stop); nothing when not running. Returns the exit code, or -1. */
    int stop() {
        if (!alive()) {
            return -1;
        }
        return process.terminate(Duration.ofSeconds(60));
    }
}
