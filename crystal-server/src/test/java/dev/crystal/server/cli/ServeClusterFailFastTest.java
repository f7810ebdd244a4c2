package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.redis.RedisKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crystal serve --config} refuses to start, saying why, when Redis or PostgreSQL cannot be reached. */
class ServeClusterFailFastTest {
    @TempDir
    Path dir;

    private final String keyPrefix = "failfast-test-" + UUID.randomUUID();

    @AfterEach
    void removeKeys() {
        RedisKeys.deleteMatching("redis://127.0.0.1:6379", keyPrefix + "*");
        assertThat(RedisKeys.countMatching("redis://127.0.0.1:6379", keyPrefix + "*")).as("keys left").isZero();
    }

    private record Run(int exit, String output) {
    }

    private Run serve(String redis, String postgres) throws Exception {
        return serve(redis, postgres, "");
    }

    private Run serve(String redis, String postgres, String moreRedisKeys) throws Exception {
        Path config = Files.writeString(dir.resolve("node.yaml"), """
                cluster:
                  node: node-x
                  domains: [balance]
                  redis: {uri: "%s", keyPrefix: "%s"%s}
                  postgres: {url: "%s", user: postgres, schemaPrefix: failfast_}
                """.formatted(redis, keyPrefix, moreRedisKeys, postgres));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int exit;
        System.setOut(capture);
        System.setErr(capture);
        try {
            exit = CrystalCommand.commandLine().execute("serve", "--port", "0", "--config", config.toString(),
                    "--data-dir", dir.resolve("data").toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unreachableRedisStopsStartupNamingTheUri() throws Exception {
        Run run = serve("redis://127.0.0.1:1", "jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output()).contains("crystal serve: cannot start:").contains("redis://127.0.0.1:1");
    }

    @Test
    void unreachablePostgresStopsStartupNamingTheUrl() throws Exception {
        Run run = serve("redis://127.0.0.1:6379", "jdbc:postgresql://127.0.0.1:1/test");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output()).contains("crystal serve: cannot start:")
                .contains("jdbc:postgresql://127.0.0.1:1/test");
    }

    @Test
    void aBadClusterSectionIsAUsageError() throws Exception {
        Run run = serve("http://nope", "jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("cluster.redis.uri must start with redis://");
    }

    @Test
    void requireDurableRefusesARedisThatDoesNotFsyncEveryWrite() throws Exception {
        // the local test Redis runs without AOF (.ci/run: --appendonly no)
        Run run = serve("redis://127.0.0.1:6379", "jdbc:postgresql://127.0.0.1:5432/test", ", requireDurable: true");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output()).contains("crystal serve: cannot start: Redis redis://127.0.0.1:6379 does not fsync "
                + "every write (appendonly=no").contains("set appendonly yes and appendfsync always")
                .contains("cluster.redis.requireDurable is true");
        Run bad = serve("redis://127.0.0.1:6379", "jdbc:postgresql://127.0.0.1:5432/test", ", requireDurable: maybe");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.output()).contains("cluster.redis.requireDurable must be true or false");
    }
}
