package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layered configuration through the real command line: {@code crystal serve} takes its port, data directory
 * and limits from crystal.yaml and CRYSTAL_* variables with flags winning, {@code crystal config show} says where
 * each value came from, and wrong keys or values are one-line errors with exit code 2.
 */
@Tag("system")
class LayeredConfigProcessTest {
    @TempDir
    Path dir;

    private static int post(String url, String key, int bodyBytes) throws Exception {
        String body = "{\"customerId\":\"" + "C".repeat(Math.max(1, bodyBytes - 20)) + "\"}";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "customers"))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void serveRunsWithTheFileTheEnvironmentAndTheFlagsInThatOrder() throws Exception {
        // the file says 1 KiB bodies, the environment 2 KiB: the environment wins; the flag picks the port
        Files.writeString(dir.resolve("crystal.yaml"), """
                port: 1
                host: 127.0.0.1
                maxBody: 1KiB
                dataDir: ./from-file
                shutdownTimeout: 5s
                """);
        Path data = dir.resolve("from-env");
        try (CrystalProcess serve = CrystalProcess.serve(dir, Map.of("CRYSTAL_MAX_BODY", "2KiB",
                "CRYSTAL_DATA_DIR", data.toString()), "--port", "0")) {
            assertThat(serve.url).matches("http://127\\.0\\.0\\.1:\\d+/").doesNotEndWith(":1/");
            assertThat(data.resolve(".lock")).exists();
            assertThat(dir.resolve("from-file")).doesNotExist();
            String key = Files.readString(data.resolve("admin.key")).trim();
            assertThat(post(serve.url, key, 1_500)).isNotEqualTo(413);
            assertThat(post(serve.url, key, 3_000)).isEqualTo(413);
        }
    }

    @Test
    void configShowPrintsEveryValueWithWhereItCameFromAndMasksSecrets() throws Exception {
        Path file = Files.writeString(dir.resolve("node.yaml"), """
                maxConnections: 10
                rateLimit: 100/s
                otlpEndpoint: http://collector:s3cret@localhost:4318
                cache: {ttl: 2m}
                cluster:
                  node: node-1
                  domains: [balance]
                  redis: {uri: "redis://127.0.0.1:6379"}
                  postgres: {url: "jdbc:postgresql://127.0.0.1:5432/test", password: hunter2}
                """);
        CrystalProcess.Run show = CrystalProcess.run(dir, Map.of("CRYSTAL_RATE_LIMIT", "200/s",
                        "CRYSTAL_CACHE_TTL", "3m", "CRYSTAL_CONFIG", file.toString()),
                "config", "show", "--max-connections", "20");
        assertThat(show.exit()).as(show.output()).isZero();
        assertThat(show.lines()).anySatisfy(l -> assertThat(l).matches("maxConnections\\s+20\\s+flag --max-connections.*"))
                .anySatisfy(l -> assertThat(l).matches("rateLimit\\s+200/s\\s+env CRYSTAL_RATE_LIMIT\\s+--rate-limit\\s+"
                        + "CRYSTAL_RATE_LIMIT"))
                .anySatisfy(l -> assertThat(l).matches("cache\\.ttl\\s+3m\\s+env CRYSTAL_CACHE_TTL.*"))
                .anySatisfy(l -> assertThat(l).matches("port\\s+8080\\s+default\\s+--port\\s+CRYSTAL_PORT"))
                .anySatisfy(l -> assertThat(l).matches("cluster\\.node\\s+node-1\\s+file .*node\\.yaml.*"))
                .anySatisfy(l -> assertThat(l).matches("cluster\\.postgres\\.password\\s+\\*\\*\\*\\*\\s+file.*"))
                .anySatisfy(l -> assertThat(l).startsWith("otlpEndpoint").contains("http://collector:****@localhost:4318"));
        assertThat(show.output()).doesNotContain("hunter2").doesNotContain("s3cret");
    }

    @Test
    void unknownKeysAndBadValuesAreOneLineErrorsNamingTheKeyAndTheValidValues() throws Exception {
        Files.writeString(dir.resolve("crystal.yaml"), "prot: 8080\n");
        CrystalProcess.Run typo = CrystalProcess.run(dir, Map.of(), "serve");
        assertThat(typo.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(typo.lines().get(0)).startsWith("crystal serve: crystal.yaml: unknown key 'prot' (did you mean "
                + "'port'?) (known: ");
        assertThat(typo.lines()).hasSize(2).last().asString().startsWith("Try 'crystal serve --help'");

        Files.delete(dir.resolve("crystal.yaml"));
        CrystalProcess.Run badPort = CrystalProcess.run(dir, Map.of("CRYSTAL_PORT", "eighty"), "serve");
        assertThat(badPort.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(badPort.lines().get(0)).isEqualTo("crystal serve: CRYSTAL_PORT: port: 'eighty' is not a whole number");

        CrystalProcess.Run badCache = CrystalProcess.run(dir, Map.of("CRYSTAL_CACHE_ENABLED", "maybe"), "config", "show");
        assertThat(badCache.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(badCache.lines().get(0)).isEqualTo("crystal config show: CRYSTAL_CACHE_ENABLED: cache.enabled must be "
                + "on or off, was 'maybe'");

        CrystalProcess.Run unknownVariable = CrystalProcess.run(dir, Map.of("CRYSTAL_DATADIR", "x"), "serve");
        assertThat(unknownVariable.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(unknownVariable.lines().get(0)).contains("CRYSTAL_DATADIR is not a Crystal setting (did you mean "
                + "'CRYSTAL_DATA_DIR'?)");
        assertThat(List.of(typo, badPort, badCache, unknownVariable)).allSatisfy(r -> assertThat(r.output())
                .doesNotContain("Exception").doesNotContain("\tat "));
    }
}
