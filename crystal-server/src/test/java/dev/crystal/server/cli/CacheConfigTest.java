package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.server.cache.CacheSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The read cache's settings: crystal.yaml's {@code cache:} section and the serve options over it. */
class CacheConfigTest {
    @TempDir
    Path dir;

    @Test
    void withoutACacheSectionTheCacheIsOnWithItsDefaults() throws Exception {
        assertThat(PlatformConfig.cache(Files.writeString(dir.resolve("a.yaml"), "wire:\n  flags: {}\n")))
                .isEqualTo(CacheSettings.defaults());
        assertThat(CacheSettings.defaults().enabled()).isTrue();
    }

    @Test
    void readsEveryKeyOfTheCacheSection() throws Exception {
        CacheSettings s = PlatformConfig.cache(Files.writeString(dir.resolve("c.yaml"), """
                cache:
                  enabled: off
                  ttl: 2m
                  jitter: 15s
                  maxEntries: 500
                  warm: 10
                """));
        assertThat(s).isEqualTo(new CacheSettings(false, Duration.ofMinutes(2), Duration.ofSeconds(15), 500, 10));
        assertThat(PlatformConfig.cache(Files.writeString(dir.resolve("d.yaml"), "cache: off\n")).enabled()).isFalse();
        assertThat(PlatformConfig.cache(Files.writeString(dir.resolve("e.yaml"), "cache: {enabled: true}\n"))
                .enabled()).isTrue();
    }

    @Test
    void badCacheSettingsNameTheFileAndTheKey() throws Exception {
        assertThatThrownBy(() -> PlatformConfig.cache(Files.writeString(dir.resolve("u.yaml"), "cache: {size: 3}\n")))
                .hasMessageContaining("u.yaml").hasMessageContaining("unknown key 'cache.size'");
        assertThatThrownBy(() -> PlatformConfig.cache(Files.writeString(dir.resolve("t.yaml"), "cache: {ttl: soon}\n")))
                .hasMessageContaining("t.yaml").hasMessageContaining("cache.ttl");
        assertThatThrownBy(() -> PlatformConfig.cache(Files.writeString(dir.resolve("z.yaml"), "cache: {ttl: 0s}\n")))
                .hasMessageContaining("cache.ttl must be positive");
        assertThatThrownBy(() -> PlatformConfig.cache(Files.writeString(dir.resolve("o.yaml"), "cache: maybe\n")))
                .hasMessageContaining("cache must be on or off");
    }

    @Test
    void serveOptionsOverrideTheFile() throws Exception {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--cache", "off", "--cache-ttl", "90s", "--cache-jitter", "5s",
                "--cache-warm", "7");
        CacheSettings fromFile = PlatformConfig.cache(Files.writeString(dir.resolve("f.yaml"),
                "cache: {enabled: on, ttl: 10m, maxEntries: 42}\n"));
        assertThat(serve.cacheSettings(fromFile))
                .isEqualTo(new CacheSettings(false, Duration.ofSeconds(90), Duration.ofSeconds(5), 42, 7));

        ServeCommand none = new ServeCommand();
        new CommandLine(none).parseArgs();
        assertThat(none.cacheSettings(fromFile)).isEqualTo(fromFile);

        ServeCommand bad = new ServeCommand();
        new CommandLine(bad).parseArgs("--cache", "sometimes");
        assertThatThrownBy(() -> bad.cacheSettings(CacheSettings.defaults()))
                .hasMessageContaining("--cache must be on or off, was 'sometimes'");
    }
}
