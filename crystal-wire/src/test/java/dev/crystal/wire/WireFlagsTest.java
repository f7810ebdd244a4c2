package dev.crystal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.wire.fixtures.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Flags resolve per route/domain, roll out by correlation id, fall back instantly and audit every change. */
class WireFlagsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-26T15:30:00Z"));
    private final WireFlags flags = new WireFlags(WireFlagSnapshot.defaults(), clock);

    @Test
    void defaultsAreBinaryLz4AtOneKibibyteWithoutBatching() {
        assertThat(flags.resolve("collections", "balance", "corr_1"))
                .isEqualTo(new WireSettings(CodecId.BINARY, CompressionId.LZ4, 1024,
                        new BatchSettings(false, 32, Duration.ofMillis(5))));
    }

    @Test
    void routeBeatsTargetDomainBeatsSourceDomainBeatsGlobal() {
        flags.setCodec(FlagScope.domain("collections"), new CodecFlag(true, CodecId.JSON, 100, CodecId.BINARY), "test");
        flags.setCodec(FlagScope.domain("balance"), new CodecFlag(true, CodecId.YAML, 100, CodecId.BINARY), "test");
        flags.setCodec(FlagScope.route("collections", "notifications"),
                new CodecFlag(false, CodecId.YAML, 100, CodecId.BINARY), "test");

        assertThat(flags.resolve("collections", "balance", "c").codec()).isEqualTo(CodecId.YAML);
        assertThat(flags.resolve("collections", "distributions", "c").codec()).isEqualTo(CodecId.JSON);
        assertThat(flags.resolve("collections", "notifications", "c").codec()).isEqualTo(CodecId.BINARY);
        assertThat(flags.resolve("freeplay", "adjustments", "c").codec()).isEqualTo(CodecId.BINARY);
    }

    @Test
    void rolloutIsDecidedDeterministicallyByCorrelationId() {
        flags.setCodec(FlagScope.global(), new CodecFlag(true, CodecId.YAML, 10, CodecId.JSON), "test");
        List<String> ids = IntStream.range(0, 10_000).mapToObj(i -> "corr_" + i).toList();

        long inRollout = ids.stream().filter(id -> flags.resolve("a", "b", id).codec() == CodecId.YAML).count();

        assertThat(inRollout).isBetween(800L, 1200L);
        for (String id : ids.subList(0, 200)) {
            CodecId first = flags.resolve("a", "b", id).codec();
            assertThat(new WireFlags(flags.current(), clock).resolve("x", "y", id).codec()).isEqualTo(first);
        }
        assertThat(RolloutBuckets.bucket("codec", "corr_1234567890")).isEqualTo(RolloutBuckets.bucket("codec", "corr_1234567890"));
    }

    @Test
    void zeroAndHundredPercentAreExact() {
        flags.setBatching(FlagScope.global(), new BatchingFlag(true, 5, Duration.ofMillis(20), 0), "test");
        assertThat(IntStream.range(0, 500).mapToObj(i -> flags.resolve("a", "b", "c" + i).batching().enabled()))
                .containsOnly(false);
        flags.setBatching(FlagScope.global(), new BatchingFlag(true, 5, Duration.ofMillis(20), 100), "test");
        assertThat(flags.resolve("a", "b", "c").batching()).isEqualTo(new BatchSettings(true, 5, Duration.ofMillis(20)));
    }

    @Test
    void fallbackIsInstantAndResumable() {
        flags.setCodec(FlagScope.global(), new CodecFlag(true, CodecId.YAML, 100, CodecId.JSON), "test");
        flags.setBatching(FlagScope.global(), new BatchingFlag(true, 10, Duration.ofMillis(100), 100), "test");

        flags.fallback("oncall:bob");

        WireSettings during = flags.resolve("a", "b", "c");
        assertThat(during.codec()).isEqualTo(CodecId.JSON);
        assertThat(during.compression()).isEqualTo(CompressionId.NONE);
        assertThat(during.batching().enabled()).isFalse();

        flags.resume("oncall:bob");
        assertThat(flags.resolve("a", "b", "c").codec()).isEqualTo(CodecId.YAML);
    }

    @Test
    void everyChangeIsAuditedWithWhoWhenOldAndNew() {
        flags.setCompression(FlagScope.domain("distributions"),
                new CompressionFlag(true, CompressionId.ZSTD, 4096, 50), "admin:alice");
        clock.advance(Duration.ofMinutes(5));
        flags.clear(FlagScope.domain("distributions"), FlagKind.COMPRESSION, "admin:carol");

        assertThat(flags.audit()).hasSize(2);
        FlagChange first = flags.audit().get(0);
        assertThat(first.who()).isEqualTo("admin:alice");
        assertThat(first.at()).isEqualTo(Instant.parse("2025-01-26T15:30:00Z"));
        assertThat(first.scope()).isEqualTo(FlagScope.domain("distributions"));
        assertThat(first.oldValue()).isEqualTo("unset");
        assertThat(first.newValue()).isEqualTo("{enabled: true, algorithm: zstd, thresholdBytes: 4096, rolloutPercentage: 50}");
        FlagChange second = flags.audit().get(1);
        assertThat(second.at()).isEqualTo(Instant.parse("2025-01-26T15:35:00Z"));
        assertThat(second.oldValue()).contains("algorithm: zstd");
        assertThat(second.newValue()).isEqualTo("unset");
        assertThat(second.version()).isGreaterThan(first.version());
    }

    @Test
    void changesNeedAWhoAndTheGlobalValueCannotBeRemoved() {
        assertThatThrownBy(() -> flags.fallback(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> flags.clear(FlagScope.global(), FlagKind.CODEC, "x"))
                .hasMessageContaining("global value");
        assertThatThrownBy(() -> new CodecFlag(true, CodecId.YAML, 101, CodecId.BINARY))
                .hasMessageContaining("between 0 and 100");
    }

    @Test
    void concurrentChangesAreNeitherLostNorTorn() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < 250; i++) {
                    flags.setBatching(FlagScope.domain("d" + thread), new BatchingFlag(true, i + 1,
                            Duration.ofMillis(100), 100), "thread-" + thread);
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(flags.audit()).hasSize(1000);
        assertThat(flags.current().version()).isEqualTo(1000);
        for (int t = 0; t < 4; t++) {
            assertThat(flags.current().batching().get(FlagScope.domain("d" + t)).maxMessages()).isEqualTo(250);
        }
    }

    @Test
    void yamlSectionLoadsRendersAndReloadsWithAudit() {
        String yaml = """
                codec:       {enabled: true, codec: yaml, rolloutPercentage: 10, fallback: json}
                compression: {enabled: true, algorithm: zstd, thresholdBytes: 2048}
                batching:    {enabled: false, maxMessages: 10, maxDelayMillis: 100, rolloutPercentage: 0}
                domains:
                  collections:
                    batching: {enabled: true, rolloutPercentage: 100}
                routes:
                  collections->balance:
                    codec: {codec: binary, rolloutPercentage: 100}
                """;
        WireFlagsYaml io = new WireFlagsYaml();

        WireFlagSnapshot snapshot = io.read(yaml);

        assertThat(snapshot.codec().get(FlagScope.global())).isEqualTo(new CodecFlag(true, CodecId.YAML, 10, CodecId.JSON));
        assertThat(snapshot.compression().get(FlagScope.global()))
                .isEqualTo(new CompressionFlag(true, CompressionId.ZSTD, 2048, 100));
        assertThat(snapshot.batching().get(FlagScope.domain("collections")))
                .isEqualTo(new BatchingFlag(true, 10, Duration.ofMillis(100), 100));
        assertThat(snapshot.resolve("collections", "balance", "any").codec()).isEqualTo(CodecId.BINARY);
        assertThat(io.read(io.render(snapshot))).isEqualTo(snapshot);

        List<FlagChange> changes = flags.replace(snapshot, "config-reload");
        assertThat(changes).extracting(FlagChange::flag).contains(FlagKind.CODEC, FlagKind.COMPRESSION, FlagKind.BATCHING);
        assertThat(flags.audit()).containsExactlyElementsOf(changes);
        assertThat(flags.replace(flags.current(), "config-reload")).isEmpty();
    }

    @Test
    void yamlMistakesNameThePath() {
        WireFlagsYaml io = new WireFlagsYaml();
        assertThatThrownBy(() -> io.read("codec: {codec: morse}")).hasMessageContaining("codec").hasMessageContaining("MORSE");
        assertThatThrownBy(() -> io.read("compresion: {enabled: true}")).hasMessageContaining("compresion");
        assertThatThrownBy(() -> io.read("domains: {collections: {batching: {maxMessages: 0}}}"))
                .hasMessageContaining("domains.collections.batching");
        assertThatThrownBy(() -> io.read("routes: {nonsense: {}}")).hasMessageContaining("routes.nonsense");
    }

    @Test
    void theCompiledPerFrameResolutionAgreesWithTheSnapshotForEveryRouteAndCorrelationId() {
        flags.setCodec(FlagScope.domain("balance"), new CodecFlag(true, CodecId.YAML, 50, CodecId.BINARY), "test");
        flags.setCompression(FlagScope.domain("collections"), new CompressionFlag(true, CompressionId.ZSTD, 64, 30), "test");
        flags.setBatching(FlagScope.route("collections", "balance"), new BatchingFlag(true, 4, Duration.ofMillis(5), 70),
                "test");
        List<String> names = List.of("balance", "collections", "notifications", "http");
        for (int i = 0; i < 2_000; i++) {
            String source = names.get(i % names.size());
            String target = names.get((i / names.size()) % names.size());
            String correlation = "corr-" + i;
            assertThat(flags.resolve(source, target, correlation))
                    .as("%s -> %s %s", source, target, correlation)
                    .isEqualTo(flags.current().resolve(source, target, correlation));
        }
        flags.fallback("test");
        assertThat(flags.resolve("collections", "balance", "corr-1"))
                .isEqualTo(flags.current().resolve("collections", "balance", "corr-1"));
    }

    @Test
    void processesSharingAStoreSeeEachOthersChangesAndNeverLoseOne() {
        WireFlagStore store = WireFlagStore.inMemory();
        WireFlags node1 = new WireFlags(store, WireFlagSnapshot.defaults(), "config", clock);
        WireFlags node2 = new WireFlags(store, WireFlagSnapshot.defaults(), "config", clock);

        node1.setCodec(FlagScope.domain("balance"), new CodecFlag(true, CodecId.YAML, 100, CodecId.BINARY), "alice");
        assertThat(node2.resolve("collections", "balance", "c").codec()).isEqualTo(CodecId.BINARY);
        assertThat(node2.refresh()).isTrue();
        assertThat(node2.resolve("collections", "balance", "c").codec()).isEqualTo(CodecId.YAML);
        assertThat(node2.refresh()).isFalse();

        // node1 has not refreshed: its change still applies on top of node2's, not instead of it
        node2.setCompression(FlagScope.global(), new CompressionFlag(true, CompressionId.ZSTD, 512, 100), "bob");
        node1.fallback("carol");
        node2.refresh();
        assertThat(node2.current().fallbackActive()).isTrue();
        assertThat(node2.current().compression().get(FlagScope.global()).algorithm()).isEqualTo(CompressionId.ZSTD);
        assertThat(node2.current().codec()).containsKey(FlagScope.domain("balance"));
        assertThat(node1.audit()).extracting(FlagChange::who).containsExactly("alice", "bob", "carol");
        assertThat(node1.audit()).extracting(FlagChange::version).containsExactly(2L, 3L, 4L);
    }

    @Test
    void theSeedIsStoredOnlyWhenTheStoreIsEmptyAndAuditedInYaml() {
        WireFlagStore store = WireFlagStore.inMemory();
        WireFlagSnapshot seed = new WireFlagsYaml().read("codec: {codec: json, rolloutPercentage: 10}");
        WireFlags first = new WireFlags(store, seed, "config", clock);
        assertThat(first.audit()).singleElement().satisfies(change -> {
            assertThat(change.who()).isEqualTo("config");
            assertThat(change.oldValue()).isEqualTo("{enabled: true, codec: binary, rolloutPercentage: 100, fallback: binary}");
            assertThat(change.newValue()).isEqualTo("{enabled: true, codec: json, rolloutPercentage: 10, fallback: binary}");
        });
        WireFlags second = new WireFlags(store, WireFlagSnapshot.defaults(), "config", clock);
        assertThat(second.current().codec().get(FlagScope.global()).codec()).isEqualTo(CodecId.JSON);
        assertThat(second.audit()).hasSize(1);
    }
}
