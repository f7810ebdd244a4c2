package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crystal.server.http.Json;
import dev.crystal.server.load.FindMax;
import dev.crystal.server.load.FsyncProbe;
import dev.crystal.server.load.LoadGenerator;
import dev.crystal.server.load.LoadPlan;
import dev.crystal.server.load.LoadSummary;
import dev.crystal.server.load.OperationMix;
import dev.crystal.server.load.ProgressLine;
import dev.crystal.server.load.RateProfile;
import dev.crystal.server.load.Workload;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crystal load}: open-loop load against a platform running on this machine. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load a running platform (loopback only) with a mix of settlements (or GET /health/live with "
                + "--target health); prints live progress on stderr and a summary table at the end: latency, "
                + "dropped requests, the platform's CPU time per settlement, settlements per fsync, and an audit of "
                + "every settlement sent. --find-max searches the highest rate whose p99 holds.")
public final class LoadCommand implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "100", description = "Requests started per second. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "How long to start requests, e.g. 30s or 2m (at most 1h). Default: 10s (10m with --profile soak)")
    Duration duration;

    @Option(names = "--warmup", converter = DurationConverter.class, defaultValue = "0s", paramLabel = "DURATION",
            description = "First offer the same load for this long (e.g. 10s) and count none of it: the JIT compiles "
                    + "the path before the measured run (latency, rate, CPU per settlement). Its settlements are "
                    + "audited too. Default: none")
    Duration warmup;

    @Option(names = "--target", defaultValue = "settlements", paramLabel = "settlements|health",
            converter = WorkloadConverter.class,
            description = "What each request does: settlements (the --mix) or health (GET /health/live only: "
                    + "measures the HTTP edge and the generator). Default: ${DEFAULT-VALUE}")
    Workload workload;

    @Option(names = "--profile", defaultValue = "constant", paramLabel = "constant|ramp|spike|soak",
            converter = ProfileConverter.class,
            description = "How the rate moves: constant; ramp (10% -> 100% of --rate); spike (20%, 100% from 40% "
                    + "to 60% of the run, 20%); soak (constant, long). Default: ${DEFAULT-VALUE}")
    RateProfile profile;

    @Option(names = "--find-max", description = "Step the rate up from --rate (x --step-factor every "
            + "--step-duration) and report the highest rate whose p99 held (--p99), nothing dropped, <1% errors")
    boolean findMax;

    @Option(names = "--p99", defaultValue = "20ms", converter = DurationConverter.class,
            description = "With --find-max: the p99 a step must hold. Default: ${DEFAULT-VALUE}")
    Duration p99;

    @Option(names = "--step-duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "With --find-max: how long each step runs. Default: ${DEFAULT-VALUE}")
    Duration stepDuration;

    @Option(names = "--step-factor", defaultValue = "1.5",
            description = "With --find-max: each step offers this times the rate before. Default: ${DEFAULT-VALUE}")
    double stepFactor;

    @Option(names = "--max-steps", defaultValue = "20", description = "With --find-max: at most this many steps. "
            + "Default: ${DEFAULT-VALUE}")
    int maxSteps;

    @Option(names = "--fsync-us", paramLabel = "MICROS", description = "This disk's fsync time (crystal bench fsync), "
            + "for settlements per fsync. Default: measured briefly (100 rounds) in --data-dir when it exists")
    Double fsyncMicros;

    @Option(names = "--audit", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "At the end, look up every settlement sent (GET /settlements/{id}) and count completed, "
                    + "failed and still pending. Default: on")
    boolean audit;

    @Option(names = "--max-requests", description = "Stop after this many requests. Default: rate × duration")
    Long maxRequests;

    @Option(names = "--mix", defaultValue = OperationMix.DEFAULT,
            description = "Relative weights of payout, collection, overdraft (collection refused for insufficient "
                    + "funds), bonus, redemption. Default: ${DEFAULT-VALUE}")
    String mix;

    @Option(names = "--customers", defaultValue = "100", description = "Customers created for the run. Default: ${DEFAULT-VALUE}")
    int customers;

    @Option(names = "--max-in-flight", defaultValue = "1000",
            description = "Requests awaiting an answer beyond which new ones are dropped and counted. Default: ${DEFAULT-VALUE}")
    int maxInFlight;

    @Option(names = "--connections", defaultValue = "" + LoadPlan.DEFAULT_CONNECTIONS,
            description = "Keep-alive connections the requests share (at most --max-in-flight); requests wait for a "
                    + "free one, and that wait counts in their latency. Default: ${DEFAULT-VALUE}")
    int connections;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Platform base URL (loopback only). Default: ${DEFAULT-VALUE}")
    URI url;

    @Option(names = "--json", description = "Also write the summary as JSON to this file")
    Path jsonFile;

    @Option(names = "--seed", description = "Seed of the random choices (repeatable runs). Default: random")
    Long seed;

    @Override
    public Integer call() throws Exception {
        // failures go to CliErrors: bad values exit 2, an unreachable target 3, anything else 1
        return run();
    }

    @CommandLine.Mixin
    ApiKeyOptions auth;

    private int run() throws Exception {
        Duration runFor = duration != null ? duration
                : profile == RateProfile.SOAK ? Duration.ofMinutes(10) : Duration.ofSeconds(10);
        LoadPlan plan = LoadPlan.of(url, rate, runFor, OperationMix.parse(mix)).withCustomers(customers)
                .withMaxInFlight(maxInFlight).withApiKey(auth.key()).withWorkload(workload).withProfile(profile)
                .withConnections(connections);
        if (maxRequests != null) {
            plan = plan.withMaxRequests(maxRequests);
        }
        if (seed != null) {
            plan = plan.withSeed(seed);
        }
        Double fsync = fsyncMicros != null ? fsyncMicros : measureFsync();
        LoadGenerator generator = new LoadGenerator(audit, warmup);
        if (!warmup.isZero()) {
            System.err.printf(Locale.ROOT, "crystal load: warming up for %.1f s (not counted)%n",
                    warmup.toMillis() / 1000.0);
        }
        String what = workload == Workload.HEALTH ? "GET /health/live"
                : "mix " + plan.mix() + ", " + plan.customers() + " customers";
        Object result;
        int exit;
        if (findMax) {
            if (profile != RateProfile.CONSTANT) {
                throw new IllegalArgumentException("--find-max steps a constant rate; leave out --profile "
                        + profile.wireName());
            }
            FindMax search = new FindMax(p99.toNanos() / 1e6, stepDuration, stepFactor, maxSteps);
            System.err.printf(Locale.ROOT, "crystal load: finding the highest rate with p99 <= %.1f ms at %s "
                            + "from %.0f req/s, x%.2f every %.0f s (%s)%n", search.p99LimitMs(), plan.target(),
                    plan.ratePerSecond(), stepFactor, stepDuration.toMillis() / 1000.0, what);
            FindMax.Result found = generator.findMax(plan, search, new ProgressLine(System.err));
            if (fsync != null) {
                found = new FindMax.Result(found.highestHeldRate(), found.held() == null ? null
                        : found.held().withFsyncMicros(fsync), found.steps(), found.stoppedBecause(), found.audit());
            }
            System.out.print(found.table());
            if (found.held() != null) {
                System.out.print("\nat the highest rate that held:" + found.held().table());
            }
            result = found;
            exit = found.highestHeldRate() > 0 ? 0 : 1;
        } else {
            System.err.printf(Locale.ROOT, "crystal load: %s at %.0f req/s for %.1f s, profile %s (%s)%n",
                    plan.target(), plan.ratePerSecond(), runFor.toMillis() / 1000.0, profile.wireName(), what);
            LoadSummary summary = generator.run(plan, new ProgressLine(System.err));
            if (fsync != null) {
                summary = summary.withFsyncMicros(fsync);
            }
            System.out.print(summary.table());
            result = summary;
            exit = summary.completed() > 0 ? 0 : 1;
        }
        if (jsonFile != null) {
            Files.writeString(jsonFile, Json.mapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(result));
            System.out.println("summary written to " + jsonFile.toAbsolutePath().normalize());
        }
        return exit;
    }

    /** 100 rounds of write + fdatasync in the data directory when it is here, else nothing. */
    private Double measureFsync() throws IOException {
        if (auth.dataDir == null || !Files.isDirectory(auth.dataDir)) {
            return null;
        }
        FsyncProbe.Result probe = FsyncProbe.measure(auth.dataDir, 100, 4096, false, done -> { });
        System.err.printf(Locale.ROOT, "crystal load: fsync in %s: p50 %.0f us (100 rounds; --fsync-us to "
                + "give it)%n", probe.dir(), probe.p50Micros());
        return probe.p50Micros();
    }

    /** {@code settlements} or {@code health}, naming both when neither is given. */
    static final class WorkloadConverter implements CommandLine.ITypeConverter<Workload> {
        @Override
        public Workload convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "settlements" -> Workload.SETTLEMENTS;
                case "health" -> Workload.HEALTH;
                default -> throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a target (use settlements or health)");
            };
        }
    }

    /** {@code constant}, {@code ramp}, {@code spike} or {@code soak}, naming them when another is given. */
    static final class ProfileConverter implements CommandLine.ITypeConverter<RateProfile> {
        @Override
        public RateProfile convert(String value) {
            for (RateProfile p : RateProfile.values()) {
                if (p.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a profile (use constant, ramp, spike or soak)");
        }
    }
}
