package dev.crystal.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real Redis Cluster of three masters (no replicas) on this machine, for system tests: {@code redis-server
 * --cluster-enabled yes} on three consecutive ports (their cluster bus on port + 10000), joined with
 * {@code redis-cli --cluster create … --cluster-yes}, without persistence, in a temporary directory. Needs
 * {@code redis-server} and {@code redis-cli} on the {@code PATH}. A server already answering on one of the ports
 * (left by an earlier run that was killed) is shut down first, so use only ports reserved for these tests.
 * Owned by the thread that starts it; {@link #close()} stops the servers and removes the directory. {@link #shared}
 * gives the test classes of one JVM one cluster per first port (a concurrent map), stopped when the JVM exits.
 */
public final class LocalRedisCluster implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private static final Map<Integer, LocalRedisCluster> SHARED =
            new ConcurrentHashMap<>();

    private final List<Integer> ports;
    private final Path dir;
    private final List<Process> servers = new ArrayList<>();

    private LocalRedisCluster(List<Integer> ports, Path dir) {
        this.ports = ports;
        this.dir = dir;
    }

    /**
     * Starts three masters on {@code firstPort}, {@code firstPort + 1}, {@code firstPort + 2} and waits until the
     * cluster reports {@code cluster_state:ok} on every node and each covers its slots.
     *
     * @throws IllegalStateException with the servers' output when the cluster does not form
     */
    public static LocalRedisCluster start(int firstPort) {
        List<Integer> ports = List.of(firstPort, firstPort + 1, firstPort + 2);
        Path dir;
        try {
            dir = Files.createTempDirectory("crystal-redis-cluster-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a directory for the Redis Cluster: " + e, e);
        }
        LocalRedisCluster cluster = new LocalRedisCluster(ports, dir);
        try {
            cluster.startServers();
            cluster.join();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * The cluster on {@code firstPort} shared by every test of this JVM: started on first use, emptied by the caller
     * ({@link #flushAll()}) between tests, stopped when the JVM exits.
     */
    public static LocalRedisCluster shared(int firstPort) {
        return SHARED.computeIfAbsent(firstPort, port -> {
            LocalRedisCluster cluster = start(port);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-" + port + "-stop"));
            return cluster;
        });
    }

    /** The seed URIs of the three masters, e.g. {@code redis://127.0.0.1:31001}. */
    public List<String> uris() {
        return ports.stream().map(p -> "redis://127.0.0.1:" + p).toList();
    }

    /** The first master's URI: any node is a valid seed. */
    public String seed() {
        return uris().get(0);
    }

    /** Removes every key on every master (between tests). */
    public void flushAll() {
        for (int port : ports) {
            cli(port, "FLUSHALL");
        }
    }

    /** How many keys the three masters hold together. */
    public long keyCount() {
        long total = 0;
        for (int port : ports) {
            total += Long.parseLong(cli(port, "DBSIZE").trim());
        }
        return total;
    }

    /** How many of the three masters hold at least one key: keys spread over the cluster when this is over 1. */
    public int mastersWithKeys() {
        int n = 0;
        for (int port : ports) {
            if (Long.parseLong(cli(port, "DBSIZE").trim()) > 0) {
                n++;
            }
        }
        return n;
    }

    private void startServers() {
        for (int port : ports) {
            shutDownLeftover(port);
            Path nodeDir = dir.resolve(Integer.toString(port));
            try {
                Files.createDirectories(nodeDir);
                Process server = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                        "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(),
                        "--cluster-node-timeout", "5000", "--appendonly", "no", "--save", "",
                        "--dir", nodeDir.toString(), "--logfile", nodeDir.resolve("redis.log").toString())
                        .redirectErrorStream(true).redirectOutput(nodeDir.resolve("stdout.log").toFile()).start();
                servers.add(server);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start redis-server on port " + port
                        + " (is redis-server installed?): " + e, e);
            }
        }
        for (int port : ports) {
            awaitTrue(() -> "PONG".equals(tryCli(port, "PING").trim()), "redis-server on port " + port + " answers");
        }
    }

    private void join() {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(p -> command.add("127.0.0.1:" + p));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        String out = run(command);
        if (!out.contains("[OK] All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create failed:\n" + out + logs());
        }
        for (int port : ports) {
            awaitTrue(() -> tryCli(port, "CLUSTER", "INFO").contains("cluster_state:ok"),
                    "node " + port + " reports cluster_state:ok");
        }
    }

    private static void shutDownLeftover(int port) {
        if ("PONG".equals(tryCli(port, "PING").trim())) {
            tryCli(port, "SHUTDOWN", "NOSAVE");
            awaitTrue(() -> !"PONG".equals(tryCli(port, "PING").trim()), "the old server on " + port + " stops");
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting until " + what, e);
            }
        }
        throw new IllegalStateException("timed out after " + READY_WITHIN + " waiting until " + what);
    }

    private static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String tryCli(int port, String... args) {
        try {
            return cli(port, args);
        } catch (IllegalStateException e) {
            return "";
        }
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 30 s");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    private String logs() {
        StringBuilder s = new StringBuilder();
        for (int port : ports) {
            Path log = dir.resolve(Integer.toString(port)).resolve("redis.log");
            try {
                List<String> lines = Files.readAllLines(log);
                s.append("\n--- ").append(log).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
            } catch (IOException e) {
                s.append("\n(no ").append(log).append(')');
            }
        }
        return s.toString();
    }

    /** Stops the three servers (SIGTERM, then SIGKILL after 10 s) and deletes their directory. */
    @Override
    public void close() {
        for (Process server : servers) {
            server.destroy();
        }
        for (Process server : servers) {
            try {
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                    server.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.destroyForcibly();
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
