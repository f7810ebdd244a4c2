package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.crystal.server.cluster.ClusterSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The layers of serve's configuration: defaults, crystal.yaml, CRYSTAL_* variables, flags; the naming rule. */
class ConfigLayersTest {
    @TempDir
    Path dir;

    private record Parsed(ServeCommand serve, ConfigLayers layers) {
    }

    private static Parsed parse(Map<String, String> env, String... args) {
        ServeCommand serve = new ServeCommand();
        CommandLine line = new CommandLine(serve);
        ConfigLayers layers = ConfigLayers.install(line, env);
        line.parseArgs(args);
        return new Parsed(serve, layers);
    }

    @Test
    void theNamingRuleGivesEveryServeOptionOneKeyAndOneVariable() {
        ConfigLayers layers = new ConfigLayers(new CommandLine(new ServeCommand()).getCommandSpec(), Map.of());
        Map<String, String> keyOfOption = new LinkedHashMap<>();
        for (OptionSpec option : layers.settings()) {
            keyOfOption.put(option.longestName(), ConfigLayers.keyOf(option));
        }
        assertThat(keyOfOption).containsEntry("--port", "port").containsEntry("--data-dir", "dataDir")
                .containsEntry("--max-body", "maxBody").containsEntry("--cache-ttl", "cache.ttl")
                .containsEntry("--cache", "cache.enabled").containsEntry("--trace", "trace.mode")
                .containsEntry("--trace-max-age", "trace.maxAge").containsEntry("--log-level", "logging.level")
                .containsEntry("--otlp-endpoint", "otlpEndpoint").doesNotContainKey("--config")
                .doesNotContainKey("--help");
        assertThat(ConfigLayers.envOf("port")).isEqualTo("CRYSTAL_PORT");
        assertThat(ConfigLayers.envOf("dataDir")).isEqualTo("CRYSTAL_DATA_DIR");
        assertThat(ConfigLayers.envOf("cluster.redis.uri")).isEqualTo("CRYSTAL_CLUSTER_REDIS_URI");
        assertThat(ConfigLayers.envOf("cache.maxEntries")).isEqualTo("CRYSTAL_CACHE_MAX_ENTRIES");
        List<String> keys = layers.keys();
        assertThat(new HashSet<>(keys)).hasSameSizeAs(keys);
        Set<String> variables = new HashSet<>();
        keys.forEach(k -> assertThat(variables.add(ConfigLayers.envOf(k))).as(k).isTrue());
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFileWhichWinsOverTheDefaults() throws Exception {
        Path file = Files.writeString(dir.resolve("crystal.yaml"), """
                port: 9001
                maxConnections: 10
                rateLimit: 100/s
                settlementRetries: 7
                cache: {ttl: 2m, warm: 5}
                trace: {mode: "off"}
                """);
        Parsed p = parse(Map.of("CRYSTAL_PORT", "9002", "CRYSTAL_RATE_LIMIT", "200/s", "CRYSTAL_CACHE_TTL", "3m",
                        "CRYSTAL_DATA_DIR", dir.resolve("d").toString()),
                "--config", file.toString(), "--rate-limit", "300/s");
        assertThat(p.serve().port).isEqualTo(9002);                       // env over file
        assertThat(p.serve().maxConnections).isEqualTo(10);               // file over default
        assertThat(p.serve().rateLimit).isEqualTo("300/s");               // flag over env
        assertThat(p.serve().settlementRetries).isEqualTo(7);
        assertThat(p.serve().dataDir).isEqualTo(dir.resolve("d"));
        assertThat(p.serve().cacheTtl).isEqualTo(Duration.ofMinutes(3));
        assertThat(p.serve().cacheWarm).isEqualTo(5);
        assertThat(p.serve().trace).isEqualTo("off");
        assertThat(p.serve().maxJsonDepth).isEqualTo(32);                  // default
        assertThat(p.layers().sourceOf("port")).contains("CRYSTAL_PORT");
        assertThat(p.layers().sourceOf("maxConnections")).contains(file.toString());
        assertThat(p.layers().sourceOf("maxJsonDepth")).isEmpty();
        // the sections read the same layered document
        assertThat(PlatformConfig.cache(p.layers().document()).ttl()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void theEnvironmentNamesTheFileAndSetsTheClusterSection() throws Exception {
        Path file = Files.writeString(dir.resolve("node.yaml"), """
                cluster:
                  node: node-1
                  domains: [balance]
                  redis: {uri: "redis://127.0.0.1:6379"}
                  postgres: {url: "jdbc:postgresql://127.0.0.1:5432/test"}
                """);
        Parsed p = parse(Map.of("CRYSTAL_CONFIG", file.toString(), "CRYSTAL_CLUSTER_REDIS_URI", "redis://10.0.0.9:6380",
                "CRYSTAL_CLUSTER_DOMAINS", "balance, collections", "CRYSTAL_CACHE_MAX_ENTRIES", "77"));
        ClusterSettings cluster = PlatformConfig.cluster(p.layers().document()).orElseThrow();
        assertThat(cluster.node()).isEqualTo("node-1");
        assertThat(cluster.redisDescription()).contains("10.0.0.9:6380");
        assertThat(cluster.domains()).containsExactlyInAnyOrder("balance", "collections");
        assertThat(PlatformConfig.cache(p.layers().document()).maxEntries()).isEqualTo(77);
        assertThat(p.layers().file()).contains(file);
    }

    @Test
    void unknownKeysAndVariablesAreOneLineErrorsWithTheClosestName() throws Exception {
        Path file = Files.writeString(dir.resolve("typo.yaml"), "prot: 8080\n");
        assertThatThrownBy(() -> parse(Map.of(), "--config", file.toString()).layers().check())
                .hasMessageStartingWith(file + ": unknown key 'prot' (did you mean 'port'?)")
                .hasMessageContaining("known: alertRules, alerts, approvalLimit,").hasMessageContaining("cluster, dataDir");
        assertThatThrownBy(() -> parse(Map.of("CRYSTAL_PROT", "1")).layers().check())
                .hasMessageContaining("environment variable CRYSTAL_PROT is not a Crystal setting (did you mean "
                        + "'CRYSTAL_PORT'?)");
        // the CLI's own variables are not settings, and not refused
        parse(Map.of("CRYSTAL_API_KEY", "k", "CRYSTAL_DEBUG", "1")).layers().check();
    }

    @Test
    void aBadValueNamesWhereItCameFrom() throws Exception {
        var error = catchThrowableOfType(CommandLine.ParameterException.class,
                () -> parse(Map.of("CRYSTAL_PORT", "abc")));
        assertThat(CliErrors.layered(error)).isEqualTo("CRYSTAL_PORT: port: 'abc' is not a whole number");
        Path file = Files.writeString(dir.resolve("bad.yaml"), "settlementRetryDelay: soon\n");
        error = catchThrowableOfType(CommandLine.ParameterException.class,
                () -> parse(Map.of(), "--config", file.toString()));
        assertThat(CliErrors.layered(error)).startsWith(file + ": settlementRetryDelay: 'soon' is not a duration");
        assertThatThrownBy(() -> parse(Map.of("CRYSTAL_CACHE_ENABLED", "maybe")).serve().resolve())
                .hasMessage("CRYSTAL_CACHE_ENABLED: cache.enabled must be on or off, was 'maybe'");
        Path limits = Files.writeString(dir.resolve("limits.yaml"), "maxConnections: 0\n");
        assertThatThrownBy(() -> parse(Map.of(), "--config", limits.toString()).serve().resolve())
                .hasMessageStartingWith(limits + ": maxConnections");
        // the same value from a flag is the flag's fault: no file named
        assertThatThrownBy(() -> parse(Map.of(), "--config", limits.toString(), "--max-connections", "0").serve()
                .resolve()).hasMessageNotContaining(limits.toString()).hasMessageContaining("maxConnections");
    }
}
