package dev.crystal.server.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * A bounded load run against a platform on this machine. Immutable and validated: the target
 * must be a loopback address, and the run is bounded both in time and in request count.
 *
 * @param target       base URL, e.g. {@code http://localhost:8080}
 * @param ratePerSecond requests started per second (open loop)
 * @param duration     how long requests are started
 * @param maxRequests  at most this many requests in all
 * @param customers    how many customers the run creates and spreads its settlements over
 * @param mix          relative weights of the operations
 * @param seed         seed of the operation and amount choices, for repeatable runs
 * @param maxInFlight  requests awaiting an answer beyond which new ones are dropped (and counted), which
 *                     also bounds the connections opened to the target
 * @param apiKey       the API key sent with every request ({@code Authorization: Bearer}), or {@code null}
 * @param workload     what each request does: settlements (the mix) or the HTTP edge alone ({@code GET /health/live})
 * @param profile      how the offered rate moves over the run ({@code ratePerSecond} is its peak)
 * @param connections  keep-alive connections the measured requests share (at most {@code maxInFlight})
 */
public record LoadPlan(URI target, double ratePerSecond, Duration duration, long maxRequests, int customers,
                       OperationMix mix, long seed, int maxInFlight, String apiKey, Workload workload,
                       RateProfile profile, int connections) {
    public static final double MAX_RATE = 50_000;
    public static final Duration MAX_DURATION = Duration.ofHours(1);
    public static final long MAX_REQUESTS = 10_000_000;
    public static final int DEFAULT_CUSTOMERS = 100;
    public static final int DEFAULT_MAX_IN_FLIGHT = 1_000;
    public static final int DEFAULT_CONNECTIONS = 256;

    public LoadPlan {
        Objects.requireNonNull(target, "target");
        requireLoopback(target);
        if (!(ratePerSecond > 0 && ratePerSecond <= MAX_RATE)) {
            throw new IllegalArgumentException("rate must be above 0 and at most " + (long) MAX_RATE
                    + " requests/s, was " + ratePerSecond);
        }
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration must be above 0 and at most 1h, was " + duration);
        }
        if (maxRequests < 1 || maxRequests > MAX_REQUESTS) {
            throw new IllegalArgumentException("maxRequests must be 1.." + MAX_REQUESTS + ", was " + maxRequests);
        }
        if (customers < 1 || customers > 10_000) {
            throw new IllegalArgumentException("customers must be 1..10000, was " + customers);
        }
        Objects.requireNonNull(mix, "mix");
        if (maxInFlight < 1 || maxInFlight > 20_000) {
            throw new IllegalArgumentException("maxInFlight must be 1..20000, was " + maxInFlight);
        }
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(profile, "profile");
        if (connections < 1 || connections > 4_096) {
            throw new IllegalArgumentException("connections must be 1..4096, was " + connections);
        }
    }

    /** A plan whose request bound is what the rate gives over the duration. */
    public static LoadPlan of(URI target, double ratePerSecond, Duration duration, OperationMix mix) {
        long expected = (long) Math.ceil(ratePerSecond * duration.toNanos() / 1e9);
        return new LoadPlan(target, ratePerSecond, duration, Math.max(1, Math.min(MAX_REQUESTS, expected)),
                DEFAULT_CUSTOMERS, mix, System.nanoTime(), DEFAULT_MAX_IN_FLIGHT, null, Workload.SETTLEMENTS,
                RateProfile.CONSTANT, DEFAULT_CONNECTIONS);
    }

    public LoadPlan withCustomers(int n) {
        return new LoadPlan(target, ratePerSecond, duration, maxRequests, n, mix, seed, maxInFlight, apiKey, workload, profile, connections);
    }

    public LoadPlan withSeed(long s) {
        return new LoadPlan(target, ratePerSecond, duration, maxRequests, customers, mix, s, maxInFlight, apiKey, workload, profile, connections);
    }

    public LoadPlan withMaxRequests(long n) {
        return new LoadPlan(target, ratePerSecond, duration, n, customers, mix, seed, maxInFlight, apiKey, workload, profile, connections);
    }

    public LoadPlan withMaxInFlight(int n) {
        return new LoadPlan(target, ratePerSecond, duration, maxRequests, customers, mix, seed, n, apiKey, workload, profile, connections);
    }

    /** The same plan sending {@code key} with every request. */
    public LoadPlan withApiKey(String key) {
        return new LoadPlan(target, ratePerSecond, duration, maxRequests, customers, mix, seed, maxInFlight, key, workload, profile, connections);
    }

    /** The same plan doing {@code w} with every request. */
    public LoadPlan withWorkload(Workload w) {
        return new LoadPlan(target, ratePerSecond, duration, maxRequests, customers, mix, seed, maxInFlight, apiKey, w,
                profile, connections);
    }

    /** The same plan with the offered rate shaped by {@code p}. */
    public LoadPlan withProfile(RateProfile p) {
        return new LoadPlan(target, ratePerSecond, duration, maxRequests, customers, mix, seed, maxInFlight, apiKey,
                workload, p, connections);
    }

    /** The same plan sending its measured requests over {@code n} keep-alive connections. */
    public LoadPlan withConnections(int n) {
        return new LoadPlan(target, ratePerSecond, duration, maxRequests, customers, mix, seed, maxInFlight, apiKey,
                workload, profile, n);
    }

    /** The same plan at another peak rate and duration, its request bound what those give. */
    public LoadPlan withRate(double rate, Duration runFor) {
        long expected = (long) Math.ceil(rate * runFor.toNanos() / 1e9);
        return new LoadPlan(target, rate, runFor, Math.max(1, Math.min(MAX_REQUESTS, expected)), customers, mix, seed,
                maxInFlight, apiKey, workload, profile, connections);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "LoadPlan[target=" + target + ", rate=" + ratePerSecond + ", duration=" + duration + ", maxRequests="
                + maxRequests + ", customers=" + customers + ", mix=" + mix + ", seed=" + seed + ", maxInFlight="
                + maxInFlight + ", apiKey=" + (apiKey == null ? "none" : "***") + ", workload=" + workload + ", profile="
                + profile + ", connections=" + connections + "]";
    }

    /** Refuses anything but http(s) to a loopback address: load goes only to this machine. */
    static void requireLoopback(URI target) {
        String scheme = target.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("target must be an http:// URL, was '" + target + "'");
        }
        String host = target.getHost();
        if (host == null) {
            throw new IllegalArgumentException("target '" + target + "' has no host");
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    throw new IllegalArgumentException("refusing to load " + host + " (" + address.getHostAddress()
                            + "): the load generator only targets loopback addresses (localhost, 127.0.0.0/8, [::1])");
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve target host '" + host + "'", e);
        }
    }
}
