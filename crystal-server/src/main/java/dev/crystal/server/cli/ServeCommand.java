package dev.crystal.server.cli;

import dev.crystal.server.CrystalServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crystal serve}: runs the platform embedded until SIGTERM/SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the settlement platform (embedded mode: in-JVM workers, SQLite files).")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (0 = any free port). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--host", defaultValue = "", description = "Interface to bind. Default: all interfaces")
    String host;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Directory for the domain databases. Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--shutdown-timeout", defaultValue = "30s",
            description = "How long shutdown waits for in-flight work, e.g. 30s or 2m. Default: ${DEFAULT-VALUE}",
            converter = DurationConverter.class)
    Duration shutdownTimeout;

    // ops (issue 8)
    @Option(names = "--alert-rules", converter = AlertRulesConverter.class,
            description = "YAML file with alert thresholds (see docs/operations.md). Default: built-in")
    dev.crystal.server.ops.AlertSettings alertRules;

    @Override
    public Integer call() throws Exception {
        dev.crystal.server.ops.AlertSettings alerts = alertRules == null
                ? dev.crystal.server.ops.AlertSettings.defaults() : alertRules; // ops (issue 8)
        CrystalServer server = CrystalServer.start(new CrystalServer.Settings(host, port, dataDir,
                CrystalServer.Settings.DEFAULT_SETTLEMENT_WAIT, shutdownTimeout), alerts);
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownSignals.install(() -> {
            server.stop();
            stopped.countDown();
        });
        String shownHost = host == null || host.isBlank() || host.equals("0.0.0.0") ? "localhost" : host;
        System.out.println("Crystal is ready at http://" + shownHost + ":" + server.port() + "/ (data in "
                + dataDir.toAbsolutePath().normalize() + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
