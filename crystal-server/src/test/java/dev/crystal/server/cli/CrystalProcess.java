package dev.crystal.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code crystal} command line as a real process from the test classpath, with its own environment (only what
 * the test gives, so no {@code CRYSTAL_*} variable of the test's shell leaks in) and working directory. The test
 * thread owns it; a virtual thread reads a serving process's output.
 */
final class CrystalProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("is ready at (http://[^ ]+/)");

    final Process process;
    final String url;
    private final StringBuffer output;

    private CrystalProcess(Process process, String url, StringBuffer output) {
        this.process = process;
        this.url = url;
        this.output = output;
    }

    /** What a finished command printed (stdout and stderr, without the JVM's warnings) and its exit code. */
    record Run(int exit, String output) {
        /** The lines that are not blank. */
        List<String> lines() {
            return output.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** Runs {@code crystal ARGS} in {@code dir} with {@code env} until it exits. */
    static Run run(Path dir, Map<String, String> env, String... args) throws Exception {
        Process process = start(dir, env, args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("crystal " + String.join(" ", args) + " did not exit\n" + out);
        }
        return new Run(process.exitValue(), withoutJvmWarnings(out));
    }

    /** Starts {@code crystal serve ARGS} in {@code dir} with {@code env}; returns once it is ready. */
    static CrystalProcess serve(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("serve"));
        all.addAll(List.of(args));
        Process process = start(dir, env, all.toArray(String[]::new));
        StringBuffer output = new StringBuffer();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        ready.complete(m.group(1));
                    }
                }
                ready.completeExceptionally(new IllegalStateException("serve exited: " + output));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        });
        try {
            return new CrystalProcess(process, ready.get(90, TimeUnit.SECONDS), output);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("serve did not start: " + output, e);
        }
    }

    private static Process start(Path dir, Map<String, String> env, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
                "dev.crystal.server.cli.CrystalCommand"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CRYSTAL_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static String withoutJvmWarnings(String out) {
        return String.join("\n", out.lines().filter(l -> !l.startsWith("WARNING")).toList());
    }

    /** Everything the server printed so far. */
    String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
