package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crystal.server.http.Json;
import dev.crystal.server.load.LoadGenerator;
import dev.crystal.server.load.LoadPlan;
import dev.crystal.server.load.LoadSummary;
import dev.crystal.server.load.OperationMix;
import dev.crystal.server.load.ProgressLine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.Locale;
import picocli.CommandLine;

/** {@code crystal load}: open-loop load against a platform running on this machine. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load a running platform (loopback only) with a mix of settlements; prints live progress "
                + "on stderr and a summary table at the end.")
public final class LoadCommand implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "100", description = "Requests started per second. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to start requests, e.g. 30s or 2m (at most 1h). Default: ${DEFAULT-VALUE}")
    Duration duration;

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

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Platform base URL (loopback only). Default: ${DEFAULT-VALUE}")
    URI url;

    @Option(names = "--json", description = "Also write the summary as JSON to this file")
    Path jsonFile;

    @Option(names = "--seed", description = "Seed of the random choices (repeatable runs). Default: random")
    Long seed;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println();
            System.err.println("crystal load: " + e.getMessage());
            return 2;
        }
    }

    @CommandLine.Mixin
    ApiKeyOptions auth;

    private int run() throws Exception {
        LoadPlan plan = LoadPlan.of(url, rate, duration, OperationMix.parse(mix)).withCustomers(customers)
                .withMaxInFlight(maxInFlight).withApiKey(auth.key());
        if (maxRequests != null) {
            plan = plan.withMaxRequests(maxRequests);
        }
        if (seed != null) {
            plan = plan.withSeed(seed);
        }
        System.err.printf(Locale.ROOT, "crystal load: %s at %.0f req/s for %.1f s (mix %s, %d customers)%n",
                plan.target(), plan.ratePerSecond(), duration.toMillis() / 1000.0, plan.mix(), plan.customers());
        LoadSummary summary = new LoadGenerator().run(plan, new ProgressLine(System.err));
        System.out.print(summary.table());
        if (jsonFile != null) {
            Files.writeString(jsonFile, Json.mapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(summary));
            System.out.println("summary written to " + jsonFile.toAbsolutePath().normalize());
        }
        return summary.completed() > 0 ? 0 : 1;
    }
}
