package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.server.wire.CliRun;
import dev.crystal.wire.CodecId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's rollout commands as a user types them: {@code crystal flags set FILE} and {@code crystal flags
 * fallback} (audited as the holder of the API key the CLI sends, here the data directory's admin key), every
 * audited version listed, flags kept in the data directory across a restart.
 */
class FlagsRolloutCliTest {
    @TempDir
    Path dir;


    @Test
    void aRolloutAndAFallbackAreAuditedAsTheUserAndOutliveARestart() throws Exception {
        Path pilot = Files.writeString(dir.resolve("yaml-pilot.yaml"), """
                wire:
                  flags:
                    domains:
                      balance:
                        codec: {enabled: true, codec: yaml, rolloutPercentage: 50, fallback: binary}
                """);
        String data = dir.resolve("data").toString();
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, dir.resolve("data")))) {
            String url = "http://127.0.0.1:" + server.port();
            CliRun set = cli("flags", "set", pilot.toString(), "--url", url, "--data-dir", data);
            assertThat(set.exit()).as(set.out()).isZero();
            assertThat(set.out()).contains("who: admin#k_").contains("scope: domain:balance")
                    .contains("new: \"{enabled: true, codec: yaml, rolloutPercentage: 50, fallback: binary}\"");
            assertThat(cli("flags", "fallback", "--url", url, "--data-dir", data).exit()).isZero();
            assertThat(server.wireFlags().resolve("collections", "balance", "any").codec()).isEqualTo(CodecId.BINARY);
        }
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, dir.resolve("data")))) {
            String url = "http://127.0.0.1:" + server.port();
            assertThat(server.wireFlags().current().fallbackActive()).isTrue();
            assertThat(cli("flags", "show", "--url", url, "--data-dir", data).out()).startsWith("# version 3 (FALLBACK in force")
                    .contains("codec: yaml");
            CliRun audit = cli("flags", "audit", "--url", url, "--data-dir", data);
            assertThat(audit.out()).contains("version: 2").contains("version: 3").contains("flag: FALLBACK")
                    .contains("old: \"false\"").contains("new: \"true\"");
            // --by may only name the key's holder: the audit cannot be told someone else did it
            CliRun claimed = cli("flags", "resume", "--by", "oncall:bob", "--url", url, "--data-dir", data);
            assertThat(claimed.exit()).isEqualTo(1);
            assertThat(claimed.out()).contains("400 IDENTITY_MISMATCH");
            assertThat(cli("flags", "resume", "--by", "admin", "--url", url, "--data-dir", data).exit()).isZero();
            assertThat(server.wireFlags().resolve("collections", "balance", "c-1").codec())
                    .isEqualTo(server.wireFlags().current().resolve("collections", "balance", "c-1").codec());
            assertThat(Files.exists(dir.resolve("data").resolve("wireflags.db"))).isTrue();
        }
    }

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }
}
