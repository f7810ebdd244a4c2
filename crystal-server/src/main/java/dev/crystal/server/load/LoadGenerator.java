package dev.crystal.server.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-loop load against a running platform: requests start on schedule (the plan's rate, shaped by its
 * {@link RateProfile}) whatever the responses do, sent asynchronously (no thread waits on a request, so the
 * generator offers tens of thousands of requests/s), and response times count from the scheduled start so a
 * stalling server cannot hide its queueing (no coordinated omission). Bounded by the plan's duration, its
 * request count and its cap on requests in flight (and so on connections). Around a run it reads the platform's
 * process CPU time from {@code /metrics}, and afterwards audits every settlement it sent. Thread ownership: the
 * pacing loop runs on the caller's thread; completions on the HTTP client's executor record into thread-safe
 * counters and an HdrHistogram {@link Recorder}; interval and total histograms belong to the progress thread
 * until it stops, then to the caller.
 */
public final class LoadGenerator {
    private static final Duration DRAIN_TIMEOUT = LoadRequests.REQUEST_TIMEOUT.plusSeconds(5);
    /** Settlement lookups in flight during the audit. */
    private static final int AUDIT_CONCURRENCY = 32;

    private final ObjectMapper json = new ObjectMapper();
    private final boolean audit;
    private final Duration warmup;

    /** A generator that audits every settlement it sent at the end of a run. */
    public LoadGenerator() {
        this(true);
    }

    /** A generator that audits the settlements it sent at the end of a run when {@code audit} is set. */
    public LoadGenerator(boolean audit) {
        this(audit, Duration.ZERO);
    }

    /**
     * A generator that first offers the plan's load for {@code warmup} (its requests not counted in any figure: latency,
     * rate, outcomes, CPU per settlement; its settlements audited all the same), so that the JIT has compiled the path
     * before the measured run; {@link Duration#ZERO} for none.
     */
    public LoadGenerator(boolean audit, Duration warmup) {
        if (warmup.isNegative() || warmup.compareTo(LoadPlan.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("warmup must be 0 to 1h, was " + warmup);
        }
        this.audit = audit;
        this.warmup = warmup;
    }

    /** Runs the plan to the end and returns its summary (audited); progress goes to {@code listener} about once per second. */
    public LoadSummary run(LoadPlan plan, LoadListener listener) {
        try (Session session = open(plan, listener)) {
            session.warmUp(plan, listener);
            LoadSummary summary = session.drive(plan, listener);
            return audit && plan.workload() == Workload.SETTLEMENTS ? summary.withAudit(session.audit()) : summary;
        }
    }

    /**
     * Steps the rate up from the plan's rate (each step {@code search.step()} long, the plan's duration ignored)
     * until a step does not hold, then audits every settlement sent.
     */
    public FindMax.Result findMax(LoadPlan plan, FindMax search, LoadListener listener) {
        try (Session session = open(plan, listener)) {
            session.warmUp(plan, listener);
            List<LoadSummary> steps = new ArrayList<>();
            double rate = plan.ratePerSecond();
            double highest = 0;
            LoadSummary held = null;
            String stopped = "reached " + search.maxSteps() + " steps";
            for (int i = 0; i < search.maxSteps(); i++) {
                LoadSummary step = session.drive(plan.withRate(rate, search.step()), listener);
                steps.add(step);
                String failure = search.failure(step);
                if (failure != null) {
                    stopped = String.format(Locale.ROOT, "%.0f req/s did not hold: %s", rate, failure);
                    break;
                }
                highest = rate;
                held = step;
                double next = Math.min(LoadPlan.MAX_RATE, rate * search.factor());
                if (next <= rate) {
                    stopped = "reached the generator's limit of " + (long) LoadPlan.MAX_RATE + " req/s";
                    break;
                }
                rate = next;
            }
            LoadSummary.Audit audited = audit && plan.workload() == Workload.SETTLEMENTS ? session.audit() : null;
            return new FindMax.Result(highest, held, List.copyOf(steps), stopped, audited);
        }
    }

    private Session open(LoadPlan plan, LoadListener listener) {
        String runId = Long.toString(Math.abs(plan.seed() % 1_000_000_000L), 36).toUpperCase() + "_"
                + Long.toString(System.currentTimeMillis() % 100_000_000L, 36).toUpperCase();
        LoadRequests requests = new LoadRequests(plan.target(), runId, plan.customers(), plan.apiKey());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
        Session session = new Session(plan, requests, http, executor);
        try {
            if (plan.workload() == Workload.SETTLEMENTS) {
                session.mix = offeredMix(plan, requests, http, session.notes);
                createCustomers(plan, requests, http, executor);
                listener.onCustomers(requests.customerId(0).substring(0, requests.customerId(0).length() - 1),
                        plan.customers());
            } else {
                send(http, requests.health(), plan);
            }
            return session;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** One target, its customers and client, over one run or the steps of a search. Used by the caller's thread. */
    private final class Session implements AutoCloseable {
        final LoadPlan plan;
        final LoadRequests requests;
        final HttpClient http;
        final ExecutorService executor;
        final List<String> notes = new ArrayList<>();
        /** Settlement ids sent, in every step; appended from completion threads. */
        final Queue<String> settlementIds = new ConcurrentLinkedQueue<>();
        final IssuedBonuses bonuses = new IssuedBonuses();
        /** The measured requests' keep-alive connections. */
        final KeepAliveClient connections;
        OperationMix mix;
        long sequence;

        Session(LoadPlan plan, LoadRequests requests, HttpClient http, ExecutorService executor) {
            this.plan = plan;
            this.requests = requests;
            this.http = http;
            this.executor = executor;
            this.mix = plan.mix();
            this.connections = new KeepAliveClient(plan.target(), plan.apiKey(),
                    Math.min(plan.connections(), plan.maxInFlight()));
        }

        /**
         * Offers the plan's rate for the generator's warm-up, if any: the answers reach {@code listener}'s
         * {@link LoadListener#onAnswer} (they are real operations), its progress and figures do not; a note says so.
         */
        void warmUp(LoadPlan plan, LoadListener listener) {
            if (warmup.isZero()) {
                return;
            }
            LoadListener answersOnly = new LoadListener() {
                @Override
                public void onProgress(LoadProgress progress) {
                }

                @Override
                public void onAnswer(OperationKind kind, String id, Supplier<HttpRequest> request, int status,
                                     String body) {
                    listener.onAnswer(kind, id, request, status, body);
                }
            };
            LoadSummary warm = LoadGenerator.this.drive(plan.withRate(plan.ratePerSecond(), warmup), this, answersOnly);
            notes.add("warm-up: " + warm.sent() + " requests over " + warmup.toMillis() / 1000.0
                    + " s before the run, not counted in its figures");
        }

        LoadSummary drive(LoadPlan step, LoadListener listener) {
            Double cpuBefore = processCpuSeconds(this);
            LoadSummary summary = LoadGenerator.this.drive(step, this, listener);
            Double cpuAfter = processCpuSeconds(this);
            if (cpuBefore != null && cpuAfter != null) {
                double seconds = cpuAfter - cpuBefore;
                long per = step.workload() == Workload.HEALTH ? summary.completed() - summary.errors()
                        : summary.settlements();
                summary = summary.withCpu(new LoadSummary.Cpu(seconds, per == 0 ? 0 : seconds * 1000 / per));
            }
            return summary;
        }

        /** Looks up every settlement sent so far. */
        LoadSummary.Audit audit() {
            Semaphore permits = new Semaphore(AUDIT_CONCURRENCY);
            LongAdder completed = new LongAdder();
            LongAdder failed = new LongAdder();
            LongAdder pending = new LongAdder();
            LongAdder missing = new LongAdder();
            LongAdder unreadable = new LongAdder();
            long checked = 0;
            List<String> ids = List.copyOf(settlementIds);
            for (String id : ids) {
                permits.acquireUninterruptibly();
                checked++;
                // bounded even if the client never completes the exchange: a lookup that outlives it counts as
                // unreadable, and its permit comes back, so the audit always ends
                http.sendAsync(requests.settlementLookup(id), HttpResponse.BodyHandlers.ofString())
                        .orTimeout(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((response, failure) -> {
                            try {
                                if (failure != null) {
                                    unreadable.increment();
                                } else if (response.statusCode() == 404) {
                                    missing.increment();
                                } else if (response.statusCode() != 200) {
                                    unreadable.increment();
                                } else {
                                    switch (status(response.body())) {
                                        case "completed" -> completed.increment();
                                        case "failed" -> failed.increment();
                                        default -> pending.increment();
                                    }
                                }
                            } finally {
                                permits.release();
                            }
                        });
            }
            permits.acquireUninterruptibly(AUDIT_CONCURRENCY);
            return new LoadSummary.Audit(checked, completed.sum(), failed.sum(), pending.sum(), missing.sum(),
                    unreadable.sum());
        }

        @Override
        public void close() {
            connections.close();
            http.close();
            executor.close();
        }
    }

    private String status(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node == null ? "" : node.path("status").asText("");
        } catch (IOException notJson) {
            return "";
        }
    }

    /** {@code process_cpu_seconds_total} from the target's /metrics, or {@code null} (noted once) when not readable. */
    private Double processCpuSeconds(Session session) {
        try {
            HttpResponse<String> response = session.http.send(session.requests.metrics(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                for (String line : response.body().split("\n")) {
                    if (line.startsWith("process_cpu_seconds_total ")) {
                        return Double.valueOf(line.substring(line.indexOf(' ') + 1).trim());
                    }
                }
            }
            noteOnce(session, "platform CPU not measured: GET /metrics answered " + response.statusCode()
                    + (response.statusCode() == 200 ? " without process_cpu_seconds_total" : ""));
        } catch (IOException | NumberFormatException e) {
            noteOnce(session, "platform CPU not measured: GET /metrics failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static void noteOnce(Session session, String note) {
        if (!session.notes.contains(note)) {
            session.notes.add(note);
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
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new TargetUnreachableException("no Crystal platform answers at " + plan.target()
                    + " (start one with ./crystal serve, or pass --url)", e);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private LoadSummary drive(LoadPlan plan, Session session, LoadListener listener) {
        OperationMix mix = session.mix;
        LoadRequests requests = session.requests;
        HttpClient http = session.http;
        List<String> notes = new ArrayList<>(session.notes);
        boolean health = plan.workload() == Workload.HEALTH;
        Recorder recorder = new Recorder(3);
        Histogram total = new Histogram(3);
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        Map<String, String> firstFailures = new ConcurrentHashMap<>();
        LongAdder errors = new LongAdder();
        LongAdder completed = new LongAdder();
        LongAdder settlements = new LongAdder();
        LongAdder droppedSoFar = new LongAdder();
        AtomicLong inFlight = new AtomicLong();
        long dropped = 0;
        long sent = 0;
        SplittableRandom random = new SplittableRandom(plan.seed() ^ session.sequence);
        long start = System.nanoTime();
        long end = start + plan.duration().toNanos();
        double plannedNanos = plan.duration().toNanos();
        Instant startedAt = Instant.now();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("crystal-load-progress").daemon(true).factory());
        AtomicLong started = new AtomicLong();
        Histogram interval = new Histogram(3);
        long[] lastTick = {start};
        List<LoadSummary.Interval> timeline = new CopyOnWriteArrayList<>();
        progress.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            recorder.getIntervalHistogramInto(interval);
            total.add(interval);
            double seconds = Math.max((now - lastTick[0]) / 1e9, 1e-3);
            lastTick[0] = now;
            double offered = plan.profile().rateAt(plan.ratePerSecond(), (now - start) / plannedNanos);
            double answered = interval.getTotalCount() / seconds;
            double p99 = ms(interval.getValueAtPercentile(99));
            timeline.add(new LoadSummary.Interval((now - start) / 1e9, offered, answered, p99,
                    droppedSoFar.sum()));
            listener.onProgress(new LoadProgress(Duration.ofNanos(now - start), plan.duration(), started.get(),
                    completed.sum(), answered, ms(interval.getValueAtPercentile(50)), p99, errors.sum(),
                    droppedSoFar.sum(), offered));
        }, 1, 1, TimeUnit.SECONDS);
        try {
            double scheduledAt = start;
            for (long i = 0; i < plan.maxRequests(); i++) {
                long scheduled = (long) scheduledAt;
                if (scheduled >= end) {
                    break;
                }
                double rate = plan.profile().rateAt(plan.ratePerSecond(), (scheduled - start) / plannedNanos);
                scheduledAt += 1e9 / Math.max(rate, 0.01);
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (inFlight.get() >= plan.maxInFlight()) {
                    dropped++;
                    droppedSoFar.increment();
                    continue;
                }
                OperationKind kind;
                String operationId;
                String settlementId;
                KeepAliveClient.Request request;
                if (health) {
                    kind = null;
                    operationId = null;
                    settlementId = null;
                    request = LoadRequests.HEALTH;
                } else {
                    LoadRequests.Planned planned = requests.operation(mix.pick(random.nextDouble()),
                            session.sequence++, random.split(), session.bonuses, Instant.now());
                    kind = planned.kind();
                    operationId = planned.id();
                    settlementId = planned.settlementId();
                    request = planned.request();
                }
                String name = kind == null ? "health" : kind.wireName();
                inFlight.incrementAndGet();
                sent++;
                started.set(sent);
                session.connections.submit(request, (status, body, failure) -> {
                    String outcome;
                    boolean ok;
                    if (failure == null) {
                        outcome = name + " " + (health ? String.valueOf(status) : describe(body, status));
                        ok = status / 100 == 2;
                        if (ok && settlementId != null) {
                            settlements.increment();
                        }
                    } else {
                        outcome = name + " transport " + failure.getClass().getSimpleName();
                        firstFailures.putIfAbsent(failure.getClass().getSimpleName(), String.valueOf(failure.getMessage()));
                        ok = false;
                    }
                    if (settlementId != null) {
                        session.settlementIds.add(settlementId);
                    }
                    if (kind != null) {
                        listener.onAnswer(kind, operationId, () -> requests.replayable(request), failure == null ? status : -1,
                                failure == null ? body : String.valueOf(failure));
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
        List<LoadSummary.Interval> intervals = List.copyOf(timeline);
        return new LoadSummary(plan.target().toString(), health ? "" : mix.toString(), plan.ratePerSecond(),
                plan.duration().toMillis() / 1000.0, startedAt, startedAt.plusNanos(finished - start), sent,
                completed.sum(), dropped, completed.sum() / seconds, latency, counts, errors.sum(), List.copyOf(notes),
                health ? "health" : "settlements", plan.profile().wireName(), settlements.sum(),
                settlements.sum() / seconds, null, null, null, intervals);
    }

    /** {@code 200 completed}, {@code 200 failed INSUFFICIENT_FUNDS}, {@code 404 CUSTOMER_NOT_FOUND}, ... */
    private String describe(String text, int status) {
        StringBuilder out = new StringBuilder().append(status);
        try {
            JsonNode body = json.readTree(text);
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
