package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.wire.CodecId;
import dev.crystal.wire.CompressionId;
import dev.crystal.wire.WireFlagSnapshot;
import dev.crystal.wire.WireFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsTheWireFlagsSection() throws Exception {
        Path file = Files.writeString(dir.resolve("crystal.yaml"), """
                wire:
                  flags:
                    codec: {enabled: true, codec: json, rolloutPercentage: 100, fallback: binary}
                """);
        WireFlagSnapshot flags = PlatformConfig.flags(file);
        assertThat(new WireFlags(flags, InstantSource.system()).resolve("a", "b", "corr").codec())
                .isEqualTo(CodecId.JSON);
    }

    @Test
    void aBadFileIsAClearErrorNamingTheFile() throws Exception {
        Path unknown = Files.writeString(dir.resolve("a.yaml"), "redis: {uri: x}\n");
        assertThatThrownBy(() -> PlatformConfig.flags(unknown)).hasMessageContaining("a.yaml")
                .hasMessageContaining("unknown key 'redis'");
        Path bad = Files.writeString(dir.resolve("b.yaml"), "wire:\n  flags:\n    codec: {codec: morse}\n");
        assertThatThrownBy(() -> PlatformConfig.flags(bad)).hasMessageContaining("b.yaml");
    }

    @Test
    void theExampleClusterConfigsParse() {
        for (int n = 1; n <= 3; n++) {
            Path file = Path.of("..", "examples", "cluster", "node-" + n + ".yaml");
            var cluster = PlatformConfig.cluster(file).orElseThrow();
            assertThat(cluster.node()).isEqualTo("node-" + n);
            assertThat(cluster.redisUri()).isEqualTo("redis://127.0.0.1:6379");
            assertThat(cluster.postgres().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
            assertThat(cluster.leaseTtl()).isEqualTo(Duration.ofSeconds(10));
        }
        assertThat(PlatformConfig.cluster(Path.of("..", "examples", "cluster", "node-3.yaml")).orElseThrow().domains())
                .hasSize(7);
        assertThat(PlatformConfig.cluster(Path.of("..", "examples", "cluster", "cluster.yaml")).orElseThrow().domains())
                .hasSize(7);
    }

    @Test
    void clusterWireIsTheShorthandForTheGlobalCodecAndCompressionFlags() throws Exception {
        String cluster = """
                cluster:
                  node: node-1
                  domains: [balance]
                  redis: {uri: "redis://127.0.0.1:6379"}
                  postgres: {url: "jdbc:postgresql://127.0.0.1:5432/test"}
                  wire: {codec: json, compression: zstd}
                """;
        WireFlagSnapshot flags = PlatformConfig.flags(Files.writeString(dir.resolve("c.yaml"), cluster));
        var settings = new WireFlags(flags, InstantSource.system()).resolve("balance", "collections", "corr");
        assertThat(settings.codec()).isEqualTo(CodecId.JSON);
        assertThat(settings.compression()).isEqualTo(CompressionId.ZSTD);
        assertThat(settings.batching().enabled()).isFalse();

        Path both = Files.writeString(dir.resolve("both.yaml"), cluster + "wire:\n  flags: {codec: {codec: yaml}}\n");
        assertThatThrownBy(() -> PlatformConfig.flags(both)).hasMessageContaining("both.yaml")
                .hasMessageContaining("cluster.wire and wire.flags");
    }

    @Test
    void aFileWithoutAClusterSectionMeansEmbedded() throws Exception {
        Path file = Files.writeString(dir.resolve("crystal.yaml"), "wire:\n  flags: {}\n");
        assertThat(PlatformConfig.cluster(file)).isEmpty();
    }

    @Test
    void clusterConfigErrorsNameTheFileAndTheKey() throws Exception {
        String valid = """
                cluster:
                  node: node-1
                  domains: [balance]
                  redis: {uri: "redis://127.0.0.1:6379"}
                  postgres: {url: "jdbc:postgresql://127.0.0.1:5432/test"}
                """;
        assertThat(PlatformConfig.cluster(Files.writeString(dir.resolve("ok.yaml"), valid))).isPresent();
        assertThatThrownBy(() -> PlatformConfig.cluster(Files.writeString(dir.resolve("d.yaml"),
                valid.replace("[balance]", "[balance, ledger]"))))
                .hasMessageContaining("d.yaml").hasMessageContaining("cluster.domains: unknown domain 'ledger'");
        assertThatThrownBy(() -> PlatformConfig.cluster(Files.writeString(dir.resolve("r.yaml"),
                valid.replace("redis://127.0.0.1:6379", "http://x"))))
                .hasMessageContaining("cluster.redis.uri must start with redis://");
        assertThatThrownBy(() -> PlatformConfig.cluster(Files.writeString(dir.resolve("n.yaml"),
                valid.replace("node: node-1", "node: Node One"))))
                .hasMessageContaining("cluster.node");
        assertThatThrownBy(() -> PlatformConfig.cluster(Files.writeString(dir.resolve("k.yaml"),
                valid.replace("domains:", "domain: [x]\n  domains:"))))
                .hasMessageContaining("unknown key 'cluster.domain'");
        assertThatThrownBy(() -> PlatformConfig.cluster(Files.writeString(dir.resolve("p.yaml"),
                valid.replace("postgres: {url: \"jdbc:postgresql://127.0.0.1:5432/test\"}", "postgres: {user: x}"))))
                .hasMessageContaining("cluster.postgres.url is required");
        assertThatThrownBy(() -> PlatformConfig.cluster(Files.writeString(dir.resolve("t.yaml"),
                valid + "  leaseTtl: soon\n")))
                .hasMessageContaining("cluster.leaseTtl");
    }

    @Test
    void redisClusterIsTrueOnTheUriOrAListOfSeeds() throws Exception {
        String base = """
                cluster:
                  node: node-1
                  domains: [balance]
                  redis: %s
                  postgres: {url: "jdbc:postgresql://127.0.0.1:5432/test"}
                """;
        var single = PlatformConfig.cluster(Files.writeString(dir.resolve("s.yaml"),
                base.formatted("{uri: \"redis://127.0.0.1:6379\"}"))).orElseThrow();
        assertThat(single.redisCluster()).isFalse();
        assertThat(PlatformConfig.cluster(Files.writeString(dir.resolve("f.yaml"),
                base.formatted("{uri: \"redis://127.0.0.1:6379\", cluster: false}"))).orElseThrow().redisCluster())
                .isFalse();
        var seeded = PlatformConfig.cluster(Files.writeString(dir.resolve("c.yaml"),
                base.formatted("{uri: \"redis://10.0.0.1:7000\", cluster: true}"))).orElseThrow();
        assertThat(seeded.redisCluster()).isTrue();
        assertThat(seeded.redisClusterSeeds()).containsExactly("redis://10.0.0.1:7000");
        var listed = PlatformConfig.cluster(Files.writeString(dir.resolve("l.yaml"),
                base.formatted("{cluster: [\"redis://10.0.0.1:7000\", \"redis://10.0.0.2:7000\"]}"))).orElseThrow();
        assertThat(listed.redisClusterSeeds()).containsExactly("redis://10.0.0.1:7000", "redis://10.0.0.2:7000");
        assertThat(listed.redisUri()).isEqualTo("redis://10.0.0.1:7000");
        assertThat(listed.redisDescription()).isEqualTo("cluster redis://10.0.0.1:7000,redis://10.0.0.2:7000");

        assertThatThrownBy(() -> PlatformConfig.cluster(Files.writeString(dir.resolve("e.yaml"),
                base.formatted("{cluster: []}"))))
                .hasMessageContaining("e.yaml").hasMessageContaining("cluster.redis.cluster must be true, false or a "
                        + "non-empty list");
        assertThatThrownBy(() -> PlatformConfig.cluster(Files.writeString(dir.resolve("b.yaml"),
                base.formatted("{cluster: [\"http://10.0.0.1:7000\"]}"))))
                .hasMessageContaining("cluster.redis.cluster must start with redis://");
        assertThatThrownBy(() -> PlatformConfig.cluster(Files.writeString(dir.resolve("t.yaml"),
                base.formatted("{cluster: true}"))))
                .hasMessageContaining("cluster.redis.uri (the seed of cluster.redis.cluster: true) is required");
        assertThatThrownBy(() -> PlatformConfig.cluster(Files.writeString(dir.resolve("y.yaml"),
                base.formatted("{uri: \"redis://10.0.0.1:7000\", cluster: yes-please}"))))
                .hasMessageContaining("cluster.redis.cluster must be true, false");
    }
}
