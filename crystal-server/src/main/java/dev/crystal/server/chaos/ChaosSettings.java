package dev.crystal.server.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one {@code crystal chaos} invocation runs. Immutable and validated.
 *
 * @param modes            the modes, in order
 * @param faults           the faults, in order
 * @param duration         how long the load of each fault runs
 * @param rate             requests per second of that load
 * @param grace            after the fault cleared and the load ended, how long unfinished operations may take
 * @param workDir          where data directories, configurations and logs go
 * @param firstPort        first HTTP port of the children (an embedded server takes one, a cluster three); 0 picks free ones
 * @param redisPort        port of the cluster's Redis; 0 picks a free one
 * @param redisServer      the {@code redis-server} executable
 * @param postgresUrl      JDBC URL of the PostgreSQL database the cluster's schemas go to
 * @param postgresUser     its user
 * @param postgresPassword its password
 * @param keep             keep data directories and schemas after the run
 */
public record ChaosSettings(List<ChaosMode> modes, List<Fault> faults, Duration duration, double rate, Duration grace,
                            Path workDir, int firstPort, int redisPort, String redisServer, String postgresUrl,
                            String postgresUser, String postgresPassword, boolean keep) {
    public static final Duration MIN_DURATION = Duration.ofSeconds(5);

    public ChaosSettings {
        modes = List.copyOf(modes);
        faults = List.copyOf(faults);
        if (modes.isEmpty() || faults.isEmpty()) {
            throw new IllegalArgumentException("at least one mode and one fault are needed");
        }
        Objects.requireNonNull(duration, "duration");
        if (duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("--duration must be 5s..1h (the fault comes at 30 % of it), was "
                    + duration.toSeconds() + "s");
        }
        if (!(rate >= 1 && rate <= 5_000)) {
            throw new IllegalArgumentException("--rate must be 1..5000 requests/s, was " + rate);
        }
        if (grace.isNegative() || grace.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("--grace must be 0..30m, was " + grace);
        }
        if (firstPort != 0 && (firstPort < 1024 || firstPort > 65_533)) {
            throw new IllegalArgumentException("--port must be 0 (free ports) or 1024..65533, was " + firstPort);
        }
        if (redisPort != 0 && (redisPort < 1024 || redisPort > 65_535)) {
            throw new IllegalArgumentException("--redis-port must be 0 (a free port) or 1024..65535, was " + redisPort);
        }
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(redisServer, "redisServer");
        Objects.requireNonNull(postgresUrl, "postgresUrl");
        if (!postgresUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--postgres-url must start with jdbc:postgresql://, was '" + postgresUrl + "'");
        }
        Objects.requireNonNull(postgresUser, "postgresUser");
        Objects.requireNonNull(postgresPassword, "postgresPassword");
    }
}
