package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crystal serve} as real processes: the URL it prints is the one it listens on, and a data directory has one owner. */
@Tag("system")
class ServeProcessTest {
    private static final Pattern READY = Pattern.compile("Crystal is ready at (http://[^ ]+/) ");

    @TempDir
    Path dir;

    private static Process serve(Path dataDir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED", "-cp", classpath, "dev.crystal.server.cli.CrystalCommand", "serve",
                "--port", "0", "--data-dir", dataDir.toString(), "--shutdown-timeout", "5s"))
                .redirectErrorStream(false).start();
    }

    @Test
    void aSecondServeOnTheSameDataDirectoryRefusesWithOneLineAndExitCode1() throws Exception {
        Path data = dir.resolve("data");
        Process first = serve(data);
        try {
            CompletableFuture<String> url = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        Matcher m = READY.matcher(line);
                        if (m.find()) {
                            url.complete(m.group(1));
                        }
                    }
                    url.completeExceptionally(new IllegalStateException("first serve exited"));
                } catch (Exception e) {
                    url.completeExceptionally(e);
                }
            });
            String listening = url.get(90, TimeUnit.SECONDS);
            // loopback by default, and printed as such
            assertThat(listening).matches("http://127\\.0\\.0\\.1:\\d+/");
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(listening + "health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(data.resolve(".lock")).exists();

            Process second = serve(data);
            assertThat(second.waitFor(90, TimeUnit.SECONDS)).isTrue();
            String err = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            List<String> errLines = new ArrayList<>(err.lines().filter(l -> !l.startsWith("WARNING")
                    && !l.isBlank()).toList());
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(errLines).hasSize(1);
            assertThat(errLines.get(0)).startsWith("crystal serve: cannot start: data directory ")
                    .contains("is in use by another Crystal server").contains(".lock");
            // the first one is untouched
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(listening + "health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(Files.readString(data.resolve(".lock")).strip()).isEqualTo(String.valueOf(first.pid()));
        } finally {
            first.destroy();
            if (!first.waitFor(30, TimeUnit.SECONDS)) {
                first.destroyForcibly();
            }
        }
    }
}
