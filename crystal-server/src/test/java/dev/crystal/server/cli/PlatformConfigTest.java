package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.wire.CodecId;
import dev.crystal.wire.WireFlagSnapshot;
import dev.crystal.wire.WireFlags;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
