package dev.crystal.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One embedded {@code crystal serve --data-dir DIR} process started from the test classpath; its output goes to
 * {@code log}, the port is read from its ready line. The test thread owns it; a daemon thread copies the output.
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("is ready at http://[^:]+:(\\d+)/");

    final Process process;
    final Path log;
    final int port;
    private final Path dataDir;

    private ServeProcess(Process process, Path log, int port, Path dataDir) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** A client of this server with the admin key its data directory holds. */
    ApiClient api() throws IOException {
        return new ApiClient(port, Files.readString(dataDir.resolve(CrystalServer.ADMIN_KEY_FILE)).trim());
    }

    /** Starts {@code crystal serve} on {@code dataDir} with {@code extraArgs}; returns once it is ready. */
    static ServeProcess start(Path dataDir, Path log, String... extraArgs) throws Exception {
        Process process = launch(dataDir, extraArgs);
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread copier = new Thread(() -> copy(process, log, ready), "log-serve");
        copier.setDaemon(true);
        copier.start();
        try {
            return new ServeProcess(process, log, ready.get(90, TimeUnit.SECONDS), dataDir);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("serve did not start: " + e + "\n" + tail(log), e);
        }
    }

    /** Runs {@code crystal serve} expecting it to refuse to start; returns its exit code and output. */
    static Refusal refused(Path dataDir, String... extraArgs) throws Exception {
        Process process = launch(dataDir, extraArgs);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("serve started instead of refusing");
        }
        return new Refusal(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }

    record Refusal(int exit, String output) {
    }

    private static Process launch(Path dataDir, String... extraArgs) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
                "-cp", classpath, "dev.crystal.server.cli.CrystalCommand", "serve", "--port", "0",
                "--host", "127.0.0.1", "--data-dir", dataDir.toString()));
        command.addAll(List.of(extraArgs));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
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
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    /** Waits for the exit after a signal already sent (a second SIGTERM would force the exit); the exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("serve did not stop within 60 s after SIGTERM\n" + tail(log));
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
