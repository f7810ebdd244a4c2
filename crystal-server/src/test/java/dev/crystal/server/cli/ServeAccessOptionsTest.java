package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code serve --open-metrics} / {@code --no-open-health} reach the access settings (their effect on requests is
 * shown through the server in {@code SecurityApiTest}).
 */
class ServeAccessOptionsTest {
    private static ServeCommand parse(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    @Test
    void healthIsOpenAndMetricsClosedUnlessTheOptionsSayOtherwise() {
        ServeCommand defaults = parse();
        assertThat(defaults.openHealth).isTrue();
        assertThat(defaults.openMetrics).isFalse();

        ServeCommand flipped = parse("--open-metrics", "--no-open-health");
        assertThat(flipped.openMetrics).isTrue();
        assertThat(flipped.openHealth).isFalse();
    }
}
