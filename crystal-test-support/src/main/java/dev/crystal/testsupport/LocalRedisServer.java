package dev.crystal.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} of a test's own on a reserved port, in a temporary directory, that the test can restart:
 * {@link #restartWithoutPersistence()} stops it with {@code SHUTDOWN NOSAVE} and starts it again empty, as a Redis
 * without AOF or RDB comes back after a crash. Extra {@code redis-server} arguments (e.g. {@code --appendonly yes
 * --appendfsync always}) are passed at every start. Needs {@code redis-server} and {@code redis-cli} on the PATH.
 * Owned by the test thread.
 */
public final class LocalRedisServer implements AutoCloseable {
    private final int port;
    private final List<String> extraArgs;
    private final Path dir;
    private Process server;

    private LocalRedisServer(int port, List<String> extraArgs, Path dir) {
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        this.dir = dir;
    }

    /** Starts {@code redis-server} on {@code port} (shutting down a leftover one there) and waits until it answers. */
    public static LocalRedisServer start(int port, String... extraArgs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("crystal-redis-" + port + "-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a directory for redis-server: " + e, e);
        }
        LocalRedisServer redis = new LocalRedisServer(port, List.of(extraArgs), dir);
        if (redis.answers()) {
            redis.cli("SHUTDOWN", "NOSAVE");
            redis.await(false);
        }
        redis.launch();
        return redis;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Runs one {@code redis-cli} command against this server and returns its output. */
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-cli: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running redis-cli", e);
        }
    }

    /** Stops the server without saving anything and starts it again, empty. */
    public void restartWithoutPersistence() {
        cli("SHUTDOWN", "NOSAVE");
        waitForExit();
        launch();
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString(),
                "--logfile", dir.resolve("redis.log").toString()));
        if (!extraArgs.contains("--appendonly")) {
            command.addAll(List.of("--appendonly", "no"));
        }
        command.addAll(extraArgs);
        try {
            server = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server on port " + port + ": " + e, e);
        }
        await(true);
    }

    private boolean answers() {
        try {
            return "PONG".equals(cli("PING"));
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private void await(boolean up) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (answers() != up) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + (up ? " did not start" : " did not "
                        + "stop") + " within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private void waitForExit() {
        try {
            if (server != null && !server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        await(false);
    }

    /** Stops the server and removes its directory. */
    @Override
    public void close() {
        if (server != null && server.isAlive()) {
            server.destroy();
            waitForExit();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
