package dev.crystal.server.chaos;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crystal.server.cli.DurationConverter;
import dev.crystal.server.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code crystal chaos}: the fault suite as a command. Starts its own platforms (an embedded server, or a three-node
 * cluster with its own Redis and PostgreSQL schemas), drives load, injects each fault, waits for recovery and audits
 * the stores; exit code 1 when any row is not clean. Thread ownership: picocli's calling thread.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Run the fault suite: for each fault, start a fresh platform, load it, inject the fault, wait "
                + "for recovery and audit the stores (lost, duplicated, stuck, orphans, ledger sum, accounts off).",
                "Prints one table row per fault and mode; exits 1 if any row is not clean, 2 on bad options."})
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--mode", defaultValue = "embedded", paramLabel = "embedded|cluster|both",
            description = "Embedded (one crystal serve, SQLite) or cluster (three nodes, own Redis, PostgreSQL), or both."
                    + " Default: ${DEFAULT-VALUE}")
    String mode;

    @Option(names = "--fault", defaultValue = "all", paramLabel = "NAME[,NAME]|all",
            description = "Faults to inject: sigkill, sigkill-no-restart, sigstop, redis-stop, redis-stop-no-persistence,"
                    + " duplicate, reorder, poison, slow-consumer, sigterm, or all. Default: ${DEFAULT-VALUE}")
    String faults;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "Load per fault (the fault comes at 30 %% of it), 5s..1h. Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(names = "--rate", defaultValue = "50", description = "Load in requests per second. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--grace", defaultValue = "90s", converter = DurationConverter.class,
            description = "After the fault and the load, how long unfinished settlements and bonuses may take before"
                    + " they count as stuck. Default: ${DEFAULT-VALUE}")
    Duration grace;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to this file")
    Path jsonFile;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where data directories, configurations and logs go. Default: a new directory under the "
                    + "system's temporary directory")
    Path workDir;

    @Option(names = "--keep", description = "Keep data directories, logs and PostgreSQL schemas of clean rows too "
            + "(those of rows that are not clean are always kept)")
    boolean keep;

    @Option(names = "--port", defaultValue = "0",
            description = "First HTTP port of the started servers (a cluster uses three); 0 picks free ports."
                    + " Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--redis-port", defaultValue = "0",
            description = "Port of the cluster's own Redis; 0 picks a free one. Default: ${DEFAULT-VALUE}")
    int redisPort;

    @Option(names = "--redis-server", defaultValue = "redis-server",
            description = "The redis-server executable the cluster mode starts. Default: ${DEFAULT-VALUE}")
    String redisServer;

    @Option(names = "--postgres-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test",
            description = "PostgreSQL for the cluster's schemas (created as chaos_<run>_<domain>, dropped after)."
                    + " Default: ${DEFAULT-VALUE}")
    String postgresUrl;

    @Option(names = "--postgres-user", defaultValue = "postgres", description = "Default: ${DEFAULT-VALUE}")
    String postgresUser;

    @Option(names = "--postgres-password", defaultValue = "", description = "Default: empty")
    String postgresPassword;

    @Override
    public Integer call() {
        ChaosSettings settings;
        try {
            settings = new ChaosSettings(modes(mode), Fault.parse(faults), duration, rate, grace,
                    workDir != null ? workDir : Files.createTempDirectory("crystal-chaos-"), port, redisPort,
                    redisServer, postgresUrl, postgresUser, postgresPassword, keep);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("crystal chaos: " + e.getMessage());
            return 2;
        }
        Instant started = Instant.now();
        // Interrupted (Ctrl-C, SIGTERM): the servers and Redis this command started must not outlive it.
        Thread cleanup = new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly),
                "crystal-chaos-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        ChaosRun run = new ChaosRun(settings, System.err);
        List<FaultRow> rows = new ArrayList<>();
        for (ChaosMode m : settings.modes()) {
            for (Fault f : settings.faults()) {
                FaultRow row = run.run(f, m);
                rows.add(row);
                // each row as soon as it is known: a long run interrupted still leaves its rows
                System.err.print(new ChaosReport(started, Instant.now(), duration.toSeconds() + "s", rate, loadAverage(),
                        List.of(row)).table());
            }
        }
        ChaosReport report = new ChaosReport(started, Instant.now(), duration.toSeconds() + "s", rate, loadAverage(),
                rows);
        System.out.print(report.table());
        if (jsonFile != null) {
            try {
                Files.writeString(jsonFile, Json.mapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(report));
                System.out.println("report written to " + jsonFile.toAbsolutePath().normalize());
            } catch (IOException e) {
                System.err.println("crystal chaos: cannot write " + jsonFile + ": " + e.getMessage());
                return 2;
            }
        }
        return report.clean() ? 0 : 1;
    }

    private static List<ChaosMode> modes(String spec) {
        return switch (spec.trim().toLowerCase(Locale.ROOT)) {
            case "embedded" -> List.of(ChaosMode.EMBEDDED);
            case "cluster" -> List.of(ChaosMode.CLUSTER);
            case "both", "all" -> List.of(ChaosMode.EMBEDDED, ChaosMode.CLUSTER);
            default -> throw new IllegalArgumentException("--mode must be embedded, cluster or both, was '" + spec + "'");
        };
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
