package dev.crystal.server.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import java.util.concurrent.ExecutionException;

/**
 * Open-loop load against a running platform: requests start on schedule (rate × time) whatever
 * the responses do, each on its own virtual thread, and response times count from the scheduled
 * start so a stalling server cannot hide its queueing (no coordinated omission). Bounded by the
 * plan's duration, its request count and its cap on requests in flight (and so on connections). Thread ownership: the
 * pacing loop runs on the caller's thread; requests on virtual threads record into thread-safe
 * counters and an HdrHistogram {@link Recorder}; interval and total histograms belong to the
 * progress thread until it stops, then to the caller.
 */
public final class LoadGenerator {
    private static final Duration DRAIN_TIMEOUT = LoadRequests.REQUEST_TIMEOUT.plusSeconds(5);

    private final ObjectMapper json = new ObjectMapper();

    /** Runs the plan to the end and returns its summary; progress goes to {@code listener} about once per second. */
    public LoadSummary run(LoadPlan plan, LoadListener listener) {
        String runId = Long.toString(Math.abs(plan.seed() % 1_000_000_000L), 36).toUpperCase() + "_"
                + Long.toString(System.currentTimeMillis() % 100_000_000L, 36).toUpperCase();
        LoadRequests requests = new LoadRequests(plan.target(), runId, plan.customers(), plan.apiKey());
        try (ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(5)).executor(virtualThreads).build()) {
            List<String> notes = new ArrayList<>();
            OperationMix mix = offeredMix(plan, requests, http, notes);
            createCustomers(plan, requests, http, virtualThreads);
            listener.onCustomers(requests.customerId(0).substring(0, requests.customerId(0).length() - 1),
                    plan.customers());
            return drive(plan, mix, requests, http, virtualThreads, listener, notes);
        }
    }

    private OperationMix offeredMix(LoadPlan plan, LoadRequests requests, HttpClient http, List<String> notes) {
        EnumSet<OperationKind> missing = EnumSet.noneOf(OperationKind.class);
        for (OperationKind kind : plan.mix().kinds()) {
            if (kind.probePath().isPresent()) {
                String path = kind.probePath().get();
                HttpResponse<String> answer = send(http, requests.probe(path), plan);
                if (noSuchRoute(answer)) {
                    missing.add(kind);
                    notes.add(kind.wireName() + " skipped: POST " + path + " answered " + answer.statusCode()
                            + " (the target has no such route)");
                }
            }
        }
        return missing.isEmpty() ? plan.mix() : plan.mix().without(missing);
    }

    /** 405, or 404 from the router itself (error NOT_FOUND) rather than from a domain (e.g. BONUS_NOT_FOUND). */
    private boolean noSuchRoute(HttpResponse<String> answer) {
        if (answer.statusCode() == 405) {
            return true;
        }
        if (answer.statusCode() != 404) {
            return false;
        }
        try {
            JsonNode body = json.readTree(answer.body());
            return body == null || !body.hasNonNull("error") || body.get("error").asText().equals("NOT_FOUND");
        } catch (IOException notJson) {
            return true;
        }
    }

    private void createCustomers(LoadPlan plan, LoadRequests requests, HttpClient http, ExecutorService threads) {
        List<Future<HttpResponse<String>>> created = new ArrayList<>();
        for (int i = 0; i < plan.customers(); i++) {
            HttpRequest request = requests.createCustomer(i);
            created.add(threads.submit(() -> send(http, request, plan)));
        }
        for (Future<HttpResponse<String>> f : created) {
            HttpResponse<String> response;
            try {
                response = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating customers", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
            if (response.statusCode() != 201 && response.statusCode() != 409) {
                boolean refused = response.statusCode() == 401 || response.statusCode() == 403;
                throw new IllegalStateException("could not create load customers at " + plan.target() + ": "
                        + response.statusCode() + " " + response.body() + (refused ? " (the run needs an operator or"
                        + " admin key: --api-key, CRYSTAL_API_KEY, or --data-dir holding the platform's admin.key)" : ""));
            }
        }
    }

    private HttpResponse<String> send(HttpClient http, HttpRequest request, LoadPlan plan) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException("no Crystal platform answers at " + plan.target()
                    + " (start one with ./crystal serve, or pass --url)", e);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private LoadSummary drive(LoadPlan plan, OperationMix mix, LoadRequests requests, HttpClient http,
                              ExecutorService threads, LoadListener listener, List<String> notes) {
        Recorder recorder = new Recorder(3);
        Histogram total = new Histogram(3);
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        Map<String, String> firstFailures = new ConcurrentHashMap<>();
        LongAdder errors = new LongAdder();
        LongAdder completed = new LongAdder();
        AtomicLong inFlight = new AtomicLong();
        long dropped = 0;
        long sent = 0;
        SplittableRandom random = new SplittableRandom(plan.seed());
        IssuedBonuses bonuses = new IssuedBonuses();
        long intervalNanos = (long) (1e9 / plan.ratePerSecond());
        long start = System.nanoTime();
        long end = start + plan.duration().toNanos();
        Instant startedAt = Instant.now();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("crystal-load-progress").daemon(true).factory());
        AtomicLong started = new AtomicLong();
        Histogram interval = new Histogram(3);
        long[] lastTick = {start};
        progress.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            recorder.getIntervalHistogramInto(interval);
            total.add(interval);
            double seconds = Math.max((now - lastTick[0]) / 1e9, 1e-3);
            lastTick[0] = now;
            listener.onProgress(new LoadProgress(Duration.ofNanos(now - start), plan.duration(), started.get(),
                    completed.sum(), interval.getTotalCount() / seconds, ms(interval.getValueAtPercentile(50)),
                    ms(interval.getValueAtPercentile(99)), errors.sum()));
        }, 1, 1, TimeUnit.SECONDS);
        try {
            for (long i = 0; i < plan.maxRequests(); i++) {
                long scheduled = start + i * intervalNanos;
                if (scheduled >= end) {
                    break;
                }
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (inFlight.get() >= plan.maxInFlight()) {
                    dropped++;
                    continue;
                }
                LoadRequests.Planned planned = requests.operation(mix.pick(random.nextDouble()), i, random.split(),
                        bonuses, Instant.now());
                OperationKind kind = planned.kind();
                HttpRequest request = planned.request();
                inFlight.incrementAndGet();
                sent++;
                started.set(sent);
                threads.execute(() -> {
                    String outcome;
                    boolean ok;
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        outcome = kind.wireName() + " " + describe(response);
                        ok = response.statusCode() / 100 == 2;
                    } catch (IOException e) {
                        outcome = kind.wireName() + " transport " + e.getClass().getSimpleName();
                        firstFailures.putIfAbsent(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                        ok = false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        outcome = kind.wireName() + " interrupted";
                        ok = false;
                    }
                    recorder.recordValue(Math.max(1, (System.nanoTime() - scheduled) / 1_000));
                    outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                    if (!ok) {
                        errors.increment();
                    }
                    completed.increment();
                    inFlight.decrementAndGet();
                });
            }
            long drainUntil = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
                LockSupport.parkNanos(1_000_000);
            }
        } finally {
            progress.shutdownNow();
            try {
                progress.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        listener.onFinish();
        total.add(recorder.getIntervalHistogram());
        long finished = System.nanoTime();
        if (inFlight.get() > 0) {
            notes.add(inFlight.get() + " request(s) still without an answer after " + DRAIN_TIMEOUT.toSeconds() + " s");
        }
        firstFailures.forEach((type, message) -> notes.add("first " + type + ": " + message));
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((k, v) -> counts.put(k, v.sum()));
        double seconds = Math.max((finished - start) / 1e9, 1e-3);
        LoadSummary.Latency latency = total.getTotalCount() == 0
                ? new LoadSummary.Latency(0, 0, 0, 0, 0, 0, 0)
                : new LoadSummary.Latency(ms(total.getMinValue()), total.getMean() / 1000.0,
                ms(total.getValueAtPercentile(50)), ms(total.getValueAtPercentile(90)),
                ms(total.getValueAtPercentile(99)), ms(total.getValueAtPercentile(99.9)), ms(total.getMaxValue()));
        return new LoadSummary(plan.target().toString(), mix.toString(), plan.ratePerSecond(),
                plan.duration().toMillis() / 1000.0, startedAt, startedAt.plusNanos(finished - start), sent,
                completed.sum(), dropped, completed.sum() / seconds, latency, counts, errors.sum(), List.copyOf(notes));
    }

    /** {@code 200 completed}, {@code 200 failed INSUFFICIENT_FUNDS}, {@code 404 CUSTOMER_NOT_FOUND}, ... */
    private String describe(HttpResponse<String> response) {
        StringBuilder out = new StringBuilder().append(response.statusCode());
        try {
            JsonNode body = json.readTree(response.body());
            if (body != null && body.hasNonNull("status") && body.get("status").isTextual()) {
                out.append(' ').append(body.get("status").asText());
            }
            if (body != null && body.hasNonNull("error") && body.get("error").isTextual()) {
                out.append(' ').append(body.get("error").asText());
            }
        } catch (IOException notJson) {
            out.append(" (non-JSON answer)");
        }
        return out.toString();
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
