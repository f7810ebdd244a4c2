package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.server.CrystalServer;
import dev.crystal.server.http.HttpLimits;
import dev.crystal.server.http.RateLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every limit of {@code crystal serve} has a named default and an option that sets it. */
class ServeOptionsTest {
    private static ServeCommand parse(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    @Test
    void withoutOptionsEveryLimitIsItsNamedDefaultAndTheHostIsLoopback() {
        ServeCommand serve = parse();
        assertThat(serve.limits()).isEqualTo(HttpLimits.defaults());
        assertThat(serve.host).isEqualTo(CrystalServer.Settings.DEFAULT_HOST).isEqualTo("127.0.0.1");
    }

    @Test
    void everyLimitHasAnOption() {
        HttpLimits limits = parse("--max-body", "64KiB", "--body-timeout", "5s", "--idle-timeout", "10s",
                "--max-connections", "50", "--max-json-number", "30", "--max-json-depth", "8", "--max-json-string",
                "5000", "--max-sse-subscribers", "3", "--sse-buffer", "64", "--sse-replay", "16KiB",
                "--max-metadata-bytes", "2KiB", "--max-metadata-keys", "10", "--rate-limit", "200/s", "--rate-burst", "20")
                .limits();
        assertThat(limits).isEqualTo(new HttpLimits(65_536, Duration.ofSeconds(5), Duration.ofSeconds(10), 50, 30, 8,
                5_000, 3, 64, 16_384, 2_048, 10, new RateLimit(200, 20)));
        assertThat(parse("--rate-limit", "off").limits().rateLimit().limited()).isFalse();
    }

    @Test
    void badValuesAreRefusedByName() {
        assertThatThrownBy(() -> parse("--rate-limit", "fast").limits()).hasMessageContaining("100/s");
        assertThatThrownBy(() -> parse("--max-connections", "0").limits()).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> parse("--max-body", "lots")).isInstanceOf(CommandLine.ParameterException.class);
    }
}
