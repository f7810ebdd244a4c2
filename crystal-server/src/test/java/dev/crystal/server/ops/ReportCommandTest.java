package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.server.CrystalServer;
import dev.crystal.server.cli.CliErrors;
import dev.crystal.server.cli.CrystalCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code crystal report} prints the live platform's YAML report, and says clearly when none runs. */
class ReportCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void printsTheReportOfARunningPlatform() {
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir))) {
            StringWriter out = new StringWriter();
            CommandLine cli = CrystalCommand.commandLine().setOut(new PrintWriter(out));
            // the key is read from the data directory's admin.key, as on a laptop
            int exit = cli.execute("report", "--url", "http://127.0.0.1:" + server.port(), "--data-dir", dataDir.toString());
            assertThat(exit).isZero();
            assertThat(out.toString()).startsWith("reportType: WORKER_PERFORMANCE").contains("recommendations:");
        }
    }

    @Test
    void saysWhenNoPlatformAnswers() throws Exception {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0)) {
            freePort = probe.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CommandLine cli = CrystalCommand.commandLine().setErr(new PrintWriter(err));
        int exit = cli.execute("report", "--url", "http://127.0.0.1:" + freePort);
        assertThat(exit).isEqualTo(CliErrors.UNREACHABLE);
        assertThat(err.toString()).contains("no Crystal platform answers at http://127.0.0.1:" + freePort);
    }
}
