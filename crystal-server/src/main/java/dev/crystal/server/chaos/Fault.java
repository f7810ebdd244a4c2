package dev.crystal.server.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The faults {@code crystal chaos} injects, each under load, each followed by an audit of the stores. A fault
 * that has no meaning in a mode says why ({@link #notApplicableIn}); the run lists it as such. Immutable.
 */
public enum Fault {
    /** SIGKILL of the process holding the collections domain, then the same process started again. */
    SIGKILL("sigkill", "SIGKILL of the domain holder under load, then restarted"),
    /** SIGKILL of the holder, not restarted: a standby must take its domains over. */
    SIGKILL_NO_RESTART("sigkill-no-restart", "SIGKILL of the domain holder under load, never restarted"),
    /** SIGSTOP of the holder for three lease times (15 s), then SIGCONT. */
    SIGSTOP("sigstop", "SIGSTOP of the domain holder past its lease, then SIGCONT"),
    /** The cluster's Redis (AOF, appendfsync always) killed, started again 10 s later on its files. */
    REDIS_STOP("redis-stop", "Redis (AOF, fsync always) stopped 10 s, restarted on its files"),
    /** The cluster's Redis without persistence killed and started again empty 10 s later. */
    REDIS_STOP_NO_PERSISTENCE("redis-stop-no-persistence", "Redis without persistence stopped 10 s, restarted empty"),
    /** Messages delivered twice: cluster, copies of stream entries; embedded, acknowledged requests re-sent. */
    DUPLICATE("duplicate", "every recent message delivered again (same message ids)"),
    /** Messages delivered again in reverse order. */
    REORDER("reorder", "recent messages delivered again in reverse order"),
    /** 1 % of the traffic is poison: malformed requests, unknown customers, and (cluster) undecodable frames. */
    POISON("poison", "1 % poison: malformed requests, unknown customers, undecodable stream frames"),
    /** The holder paused 300 ms of every second (SIGSTOP/SIGCONT) for 40 % of the run. */
    SLOW_CONSUMER("slow-consumer", "domain holder paused 300 ms of every second (SIGSTOP/SIGCONT)"),
    /** SIGTERM of the holder at peak load, then started again. */
    SIGTERM("sigterm", "SIGTERM of the domain holder at peak load, then restarted");

    private final String wireName;
    private final String description;

    Fault(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    /** The name in {@code --fault}. */
    public String wireName() {
        return wireName;
    }

    /** One line saying what is done. */
    public String description() {
        return description;
    }

    /** Why this fault cannot apply to {@code mode}, or empty when it does. */
    public Optional<String> notApplicableIn(ChaosMode mode) {
        if (mode == ChaosMode.CLUSTER) {
            return Optional.empty();
        }
        return switch (this) {
            case SIGKILL_NO_RESTART -> Optional.of("one process: nothing can take over until it is restarted");
            case REDIS_STOP, REDIS_STOP_NO_PERSISTENCE -> Optional.of("embedded mode uses no Redis");
            default -> Optional.empty();
        };
    }

    /** Parses {@code --fault}: {@code all}, or names separated by commas, in the order given, without repeats. */
    public static List<Fault> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--fault is empty; use all or some of: " + names());
        }
        if (spec.trim().equalsIgnoreCase("all")) {
            return List.of(values());
        }
        List<Fault> faults = new ArrayList<>();
        for (String part : spec.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            Fault fault = Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + part.trim() + "' (known: all, "
                            + names() + ")"));
            if (!faults.contains(fault)) {
                faults.add(fault);
            }
        }
        return List.copyOf(faults);
    }

    private static String names() {
        return Arrays.stream(values()).map(Fault::wireName).collect(Collectors.joining(", "));
    }
}
