package dev.crystal.server.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code crystal serve --config node.yaml} process of a test cluster, started from the test classpath. Its
 * output goes to {@code <node>.log} in the test directory; the port is read from its ready line. The test thread
 * owns it; a daemon thread copies the output.
 */
final class NodeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("is ready at http://[^:]+:(\\d+)/");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String node;
    final Process process;
    final Path log;
    private final int port;
    private Thread copier;
    /** The test cluster's directory, whose {@code <node>-data} directories hold the cluster's admin.key. */
    private final Path dir;

    private NodeProcess(Path dir, String node, Process process, Path log, int port) {
        this.dir = dir;
        this.node = node;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts node {@code node} with the {@code cluster:} section {@code clusterYaml}; returns once it is ready. */
    static NodeProcess start(Path dir, String node, String clusterYaml) throws Exception {
        return start(dir, node, clusterYaml, "5s");
    }

    /** As {@link #start(Path, String, String)}, with {@code --shutdown-timeout shutdownTimeout}. */
    static NodeProcess start(Path dir, String node, String clusterYaml, String shutdownTimeout) throws Exception {
        Path config = dir.resolve(node + ".yaml");
        Files.writeString(config, clusterYaml);
        Path log = dir.resolve(node + ".log");
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
                "-cp", classpath, "dev.crystal.server.cli.CrystalCommand", "serve", "--port", "0",
                "--host", "127.0.0.1", "--data-dir", dir.resolve(node + "-data").toString(),
                "--config", config.toString(), "--shutdown-timeout", shutdownTimeout))
                .redirectErrorStream(true).start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread copier = new Thread(() -> copy(process, log, ready), "log-" + node);
        copier.setDaemon(true);
        copier.start();
        try {
            int port = ready.get(180, TimeUnit.SECONDS);
            NodeProcess started = new NodeProcess(dir, node, process, log, port);
            started.copier = copier;
            return started;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError(node + " did not start: " + e + "\n" + tail(log), e);
        }
    }

    private static void copy(Process process, Path log, CompletableFuture<Integer> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    ready.complete(Integer.parseInt(m.group(1)));
                }
            }
            ready.completeExceptionally(new IllegalStateException("exited with " + process.waitFor()));
        } catch (IOException | InterruptedException e) {
            ready.completeExceptionally(e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + adminKey()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminKey())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminKey())
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The cluster's admin key: the nodes share their keys through PostgreSQL, and the node that started first on
     * the empty key schema wrote it to its data directory.
     */
    String adminKey() throws IOException {
        try (var dirs = Files.list(dir)) {
            for (Path data : dirs.filter(p -> p.getFileName().toString().endsWith("-data")).toList()) {
                Path key = data.resolve("admin.key");
                if (Files.exists(key)) {
                    return Files.readString(key).trim();
                }
            }
        }
        throw new IllegalStateException("no node of the cluster in " + dir + " wrote an admin.key");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Waits until the exited process's output is all in its log. */
    void awaitLog() throws InterruptedException {
        copier.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** SIGKILL: no shutdown hook runs, nothing is drained or acknowledged. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: graceful shutdown
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
