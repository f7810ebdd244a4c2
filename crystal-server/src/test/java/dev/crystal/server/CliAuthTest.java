package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.server.auth.ApiKeys;
import dev.crystal.server.auth.Role;
import dev.crystal.server.wire.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line authenticates as a user on the platform's machine would: the key from {@code --api-key}, else
 * {@code CRYSTAL_API_KEY}, else {@code <data-dir>/admin.key}; {@code crystal keys} makes, lists and revokes keys;
 * {@code crystal serve} prints the first admin key once.
 */
class CliAuthTest {
    private static final Pattern READY = Pattern.compile("is ready at http://[^:]+:(\\d+)/");
    private static final Pattern KEY_LINE = Pattern.compile("(?m)^key: (crystal_\\S+)$");

    @TempDir
    Path dir;


    @Tag("system")
    @Test
    void theKeyComesFromTheOptionTheEnvironmentOrTheDataDirectory() throws Exception {
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, dir.resolve("data")))) {
            String url = "http://127.0.0.1:" + server.port();
            ApiClient admin = new ApiClient(server);
            Path elsewhere = Files.createDirectories(dir.resolve("no-key-here"));

            CliRun none = cli("jobs", "queues", "--url", url, "--data-dir", elsewhere.toString());
            assertThat(none.exit()).isEqualTo(1);
            assertThat(none.out()).contains("401 UNAUTHENTICATED").contains("--api-key", "CRYSTAL_API_KEY", "admin.key");

            assertThat(cli("jobs", "queues", "--url", url, "--data-dir", dir.resolve("data").toString()).out())
                    .contains("settlement-retries");
            assertThat(cli("jobs", "queues", "--url", url, "--data-dir", elsewhere.toString(), "--api-key",
                    admin.key()).out()).contains("settlement-retries");
            String clientKey = server.keys().create("shop", Role.CLIENT, List.of()).secret();
            CliRun client = cli("dlq", "list", "--url", url, "--api-key", clientKey);
            assertThat(client.exit()).isEqualTo(1);
            assertThat(client.out()).contains("403 FORBIDDEN");

            // crystal load authenticates too
            CliRun load = cli("load", "--rate", "20", "--duration", "1s", "--customers", "2", "--mix", "payout=1",
                    "--url", url, "--data-dir", dir.resolve("data").toString());
            assertThat(load.exit()).as(load.out()).isZero();
            assertThat(load.out()).contains("payout 200 completed");
            CliRun loadWithoutKey = cli("load", "--rate", "20", "--duration", "1s", "--customers", "2", "--url", url,
                    "--data-dir", elsewhere.toString());
            assertThat(loadWithoutKey.exit()).isEqualTo(1);
            assertThat(loadWithoutKey.out()).contains("401", "--api-key");

            // the environment variable, in a process of its own (the JVM cannot change its own environment)
            Process withEnv = java(elsewhere, Map.of("CRYSTAL_API_KEY", admin.key()), "jobs", "queues", "--url", url);
            assertThat(output(withEnv)).contains("settlement-retries");
            assertThat(withEnv.exitValue()).isZero();
            Process wrongEnv = java(elsewhere, Map.of("CRYSTAL_API_KEY", "crystal_wrong"), "jobs", "queues", "--url", url);
            assertThat(output(wrongEnv)).contains("401 UNAUTHENTICATED");
            assertThat(wrongEnv.exitValue()).isEqualTo(1);
        }
    }

    @Test
    void keysAreMadeListedAndRevokedFromTheCommandLine() {
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, dir.resolve("data")))) {
            String url = "http://127.0.0.1:" + server.port();
            String data = dir.resolve("data").toString();
            ApiClient admin = new ApiClient(server);

            CliRun created = cli("keys", "create", "--role", "client", "--name", "shop-1", "--customer", "CUST_A",
                    "--customer", "CUST_B", "--url", url, "--data-dir", data);
            assertThat(created.exit()).as(created.out()).isZero();
            assertThat(created.out()).contains("name: shop-1", "role: client", "CUST_A", "CUST_B", "shown only now");
            Matcher key = KEY_LINE.matcher(created.out());
            assertThat(key.find()).isTrue();
            String secret = key.group(1);
            String id = created.out().lines().filter(l -> l.startsWith("id: ")).findFirst().orElseThrow().substring(4);

            ApiClient shop = admin.as(secret);
            admin.post("/customers", "{\"customerId\":\"CUST_A\"}");
            admin.post("/customers", "{\"customerId\":\"CUST_C\"}");
            assertThat(shop.get("/customers/CUST_A/balance").status()).isEqualTo(200);
            assertThat(shop.get("/customers/CUST_C/balance").status()).isEqualTo(403);

            CliRun listed = cli("keys", "list", "--url", url, "--data-dir", data);
            assertThat(listed.out()).contains(id, "shop-1", "admin").doesNotContain(secret)
                    .doesNotContain(ApiKeys.hash(secret));

            assertThat(cli("keys", "revoke", id, "--url", url, "--data-dir", data).out()).contains("revoked: true");
            assertThat(shop.get("/customers/CUST_A/balance").status()).isEqualTo(401);
            assertThat(cli("keys", "create", "--role", "boss", "--url", url, "--data-dir", data).out())
                    .contains("400 VALIDATION_FAILED");
            // only an admin key may manage keys
            String operatorKey = server.keys().create("ops", Role.OPERATOR, List.of()).secret();
            assertThat(cli("keys", "list", "--url", url, "--api-key", operatorKey).out()).contains("403 FORBIDDEN");
        }
    }

    @Tag("system")
    @Test
    void serveOnAFreshDirectoryPrintsTheAdminKeyOnceAndTheCliThenWorksWithNoExtraStep() throws Exception {
        Path laptop = Files.createDirectories(dir.resolve("laptop"));
        String firstKey;
        int port;
        Process serve = java(laptop, Map.of(), "serve", "--port", "0", "--host", "127.0.0.1", "--shutdown-timeout", "5s");
        try {
            StringBuilder out = drain(serve);
            await().atMost(Duration.ofSeconds(120)).until(() -> out.toString().contains("Send it as:")
                    || !serve.isAlive());
            Matcher ready = READY.matcher(out);
            assertThat(ready.find()).as(out.toString()).isTrue();
            port = Integer.parseInt(ready.group(1));
            firstKey = Files.readString(laptop.resolve("data/admin.key")).trim();
            assertThat(out.toString()).contains("First start: an admin API key was created", firstKey,
                    laptop.resolve("data/admin.key").toAbsolutePath().normalize().toString());
            // the CLI in the same directory, no option, no variable: ./data/admin.key
            Process jobs = java(laptop, Map.of(), "jobs", "queues", "--url", "http://127.0.0.1:" + port);
            assertThat(output(jobs)).contains("settlement-retries");
            assertThat(jobs.exitValue()).isZero();
        } finally {
            stop(serve);
        }

        Process again = java(laptop, Map.of(), "serve", "--port", "0", "--host", "127.0.0.1", "--shutdown-timeout", "5s");
        try {
            StringBuilder out = drain(again);
            await().atMost(Duration.ofSeconds(120)).until(() -> READY.matcher(out).find() || !again.isAlive());
            Thread.sleep(500); // the banner would follow the ready line at once
            assertThat(out.toString()).contains("is ready at").doesNotContain("First start").doesNotContain(firstKey);
            assertThat(Files.readString(laptop.resolve("data/admin.key")).trim()).isEqualTo(firstKey);
        } finally {
            stop(again);
        }
    }

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    /** {@code crystal ARGS} in a JVM of its own, in {@code workDir}, with {@code env} added. */
    private static Process java(Path workDir, Map<String, String> env, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
                "dev.crystal.server.cli.CrystalCommand"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().remove("CRYSTAL_API_KEY");
        builder.environment().putAll(env);
        return builder.start();
    }

    private static String output(Process p) throws Exception {
        try (InputStream in = p.getInputStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return text;
        }
    }

    /** Copies a long-running process's output into a buffer, on a daemon thread. */
    private static StringBuilder drain(Process p) {
        StringBuilder out = new StringBuilder();
        Thread copier = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    String chunk = new String(buf, 0, n, StandardCharsets.UTF_8);
                    synchronized (out) {
                        out.append(chunk);
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "serve-output");
        copier.setDaemon(true);
        copier.start();
        return out;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
