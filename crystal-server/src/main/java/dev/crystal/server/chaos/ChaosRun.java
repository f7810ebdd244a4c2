package dev.crystal.server.chaos;

import dev.crystal.server.load.LoadGenerator;
import dev.crystal.server.load.LoadPlan;
import dev.crystal.server.load.LoadSummary;
import dev.crystal.server.load.OperationMix;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one fault in one mode: a fresh target, load from the {@code crystal load} generator, the fault at 30 % of
 * the load, recovery, a grace period for unfinished work, then the audit from the stores. Thread ownership: the
 * caller's thread; the load runs on a thread of its own, re-sent and poison requests on virtual threads.
 */
final class ChaosRun {
    private static final int CUSTOMERS = 20;
    private static final int RESEND_LIMIT = 300;
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final ChaosSettings settings;
    private final PrintStream progress;

    ChaosRun(ChaosSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    FaultRow run(Fault fault, ChaosMode mode) {
        var why = fault.notApplicableIn(mode);
        if (why.isPresent()) {
            return FaultRow.notApplicable(fault, mode, why.get());
        }
        String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)
                + Integer.toString((int) (Math.random() * 1296), 36);
        Path dir = settings.workDir().resolve(mode.wireName() + "-" + fault.wireName() + "-" + runId);
        List<String> notes = new ArrayList<>();
        ChaosTarget target;
        try {
            target = target(mode, fault, dir, runId);
        } catch (IOException e) {
            return FaultRow.failed(fault, mode, "cannot create " + dir + ": " + e.getMessage(), notes);
        }
        FaultRow row = attempt(fault, mode, target, notes);
        if (settings.keep() || !row.passes()) {
            List<String> withLogs = new ArrayList<>(row.notes());
            withLogs.add("data and logs kept in " + dir + (target instanceof ClusterTarget cluster
                    ? ", PostgreSQL schemas " + cluster.schemaPrefix() + "<domain>" : ""));
            return new FaultRow(row.fault(), row.mode(), row.result(), row.acknowledged(), row.lost(), row.duplicated(),
                    row.stuck(), row.orphans(), row.ledgerSum(), row.accountsOff(), withLogs);
        }
        target.removeData();
        deleteData(dir);
        return row;
    }

    private FaultRow attempt(Fault fault, ChaosMode mode, ChaosTarget target, List<String> notes) {
        try (target) {
            say("%s/%s: starting %s", mode.wireName(), fault.wireName(), mode == ChaosMode.CLUSTER
                    ? "Redis and three nodes" : "crystal serve");
            target.start();
            Acknowledgements acks = new Acknowledgements();
            LoadPlan plan = LoadPlan.of(target.loadUrl(), settings.rate(), settings.duration(),
                    OperationMix.parse(OperationMix.DEFAULT)).withCustomers(CUSTOMERS).withMaxInFlight(500)
                    .withApiKey(target.apiKey());
            AtomicReference<Object> loadOutcome = new AtomicReference<>();
            Thread load = Thread.ofPlatform().name("chaos-load").daemon(true).start(() -> {
                try {
                    loadOutcome.set(new LoadGenerator().run(plan, acks));
                } catch (RuntimeException e) {
                    loadOutcome.set(e);
                }
            });
            if (!acks.awaitLoad(300)) {
                throw new IllegalStateException("the load did not start within 300 s: " + loadOutcome.get());
            }
            Thread.sleep(settings.duration().multipliedBy(3).dividedBy(10));
            say("%s/%s: injecting (%s)", mode.wireName(), fault.wireName(), fault.description());
            inject(fault, target, acks, notes);
            load.join(settings.duration().plusSeconds(60).toMillis());
            if (loadOutcome.get() instanceof RuntimeException failed) {
                throw failed;
            }
            if (loadOutcome.get() instanceof LoadSummary summary) {
                notes.add(String.format(Locale.ROOT, "load: %d sent, %d answered, %d errors; %s", summary.sent(),
                        summary.completed(), summary.errors(), summary.outcomes()));
                notes.addAll(summary.notes());
            }
            Thread.sleep(SETTLE);
            awaitFinished(target, notes);
            StoreAudit.Result audit = StoreAudit.audit(target.stores(), acks.acknowledged());
            FaultRow row = FaultRow.audited(fault, mode, acks.acknowledged().size(), audit, notes);
            say("%s/%s: %s", mode.wireName(), fault.wireName(), row.result());
            return row;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FaultRow.failed(fault, mode, "interrupted", notes);
        } catch (Exception e) {
            say("%s/%s: ERROR %s", mode.wireName(), fault.wireName(), e.getMessage());
            return FaultRow.failed(fault, mode, String.valueOf(e.getMessage()), notes);
        }
    }

    private ChaosTarget target(ChaosMode mode, Fault fault, Path dir, String runId) throws IOException {
        Files.createDirectories(dir);
        int first = settings.firstPort() != 0 ? settings.firstPort() : freePort();
        return switch (mode) {
            case EMBEDDED -> new EmbeddedTarget(dir, first);
            case CLUSTER -> new ClusterTarget(settings, dir, first, settings.redisPort() != 0 ? settings.redisPort()
                    : freePort(), fault != Fault.REDIS_STOP_NO_PERSISTENCE, runId);
        };
    }

    private void inject(Fault fault, ChaosTarget target, Acknowledgements acks, List<String> notes) throws Exception {
        Duration window = settings.duration().multipliedBy(4).dividedBy(10);
        switch (fault) {
            case SIGKILL -> {
                ServeNode holder = target.holder();
                holder.process().kill();
                notes.add("SIGKILL " + holder.name());
                Thread.sleep(1_000);
                target.restart(holder);
            }
            case SIGKILL_NO_RESTART -> {
                ServeNode holder = target.holder();
                holder.process().kill();
                notes.add("SIGKILL " + holder.name() + ", not restarted");
                ServeNode next = target.holder();
                notes.add(next.name() + " took collections over");
            }
            case SIGSTOP -> {
                ServeNode holder = target.holder();
                Duration pause = ClusterTarget.LEASE_TTL.multipliedBy(3);
                holder.process().pause();
                try {
                    Thread.sleep(pause);
                } finally {
                    holder.process().resume();
                }
                notes.add("SIGSTOP " + holder.name() + " for " + pause.toSeconds() + " s");
            }
            case REDIS_STOP, REDIS_STOP_NO_PERSISTENCE -> {
                RedisChild redis = target.redis().orElseThrow();
                redis.kill();
                Thread.sleep(10_000);
                redis.start();
                notes.add("Redis " + (redis.persistent() ? "(AOF, fsync always)" : "(no persistence)")
                        + " killed, restarted 10 s later");
            }
            case DUPLICATE, REORDER -> {
                boolean reversed = fault == Fault.REORDER;
                long until = System.nanoTime() + window.toNanos();
                int copies = 0;
                while (System.nanoTime() < until) {
                    if (target.streams().isPresent()) {
                        copies += target.streams().get().redeliver(20, reversed);
                    }
                    Thread.sleep(1_000);
                }
                if (target.streams().isPresent()) {
                    notes.add(copies + " stream entries appended again" + (reversed ? " in reverse order" : ""));
                }
                resend(target, acks, reversed, notes);
            }
            case POISON -> poison(target, acks, settings.duration().multipliedBy(6).dividedBy(10), notes);
            case SLOW_CONSUMER -> {
                ServeNode holder = target.holder();
                long until = System.nanoTime() + window.toNanos();
                int cycles = 0;
                while (System.nanoTime() < until) {
                    holder.process().pause();
                    try {
                        Thread.sleep(300);
                    } finally {
                        holder.process().resume();
                    }
                    Thread.sleep(700);
                    cycles++;
                }
                notes.add(holder.name() + " paused 300 ms of each second, " + cycles + " times");
            }
            case SIGTERM -> {
                ServeNode holder = target.holder();
                int exit = holder.stop();
                notes.add("SIGTERM " + holder.name() + ": exit " + exit);
                if (exit != 0) {
                    notes.add("the graceful stop exited " + exit + " instead of 0");
                }
                target.restart(holder);
            }
        }
    }

    /** Sends acknowledged requests again (same ids and fields): each must move no money a second time. */
    private void resend(ChaosTarget target, Acknowledgements acks, boolean reversed, List<String> notes) throws Exception {
        List<Acknowledgements.Answer> sent = new ArrayList<>(acks.acknowledged());
        if (sent.size() > RESEND_LIMIT) {
            sent = sent.subList(sent.size() - RESEND_LIMIT, sent.size());
        }
        if (reversed) {
            Collections.reverse(sent);
        }
        int differing = 0;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             HttpClient http = HttpClient.newBuilder().executor(threads).connectTimeout(Duration.ofSeconds(5)).build()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (Acknowledgements.Answer answer : sent) {
                for (int copy = 0; copy < 2; copy++) {
                    answers.add(threads.submit(() -> http.send(answer.request(), HttpResponse.BodyHandlers.discarding())
                            .statusCode()));
                }
            }
            for (int i = 0; i < answers.size(); i++) {
                int status;
                try {
                    status = answers.get(i).get();
                } catch (ExecutionException e) {
                    status = -1;
                }
                if (status / 100 != 2) {
                    differing++;
                }
            }
        }
        notes.add(sent.size() + " acknowledged requests sent again twice each" + (reversed ? ", newest first" : "")
                + "; " + differing + " re-sends not answered 2xx");
    }

    /** About 1 % of the rate as poison requests for {@code window}, and (cluster) as many undecodable frames. */
    private void poison(ChaosTarget target, Acknowledgements acks, Duration window, List<String> notes)
            throws Exception {
        String key = target.apiKey();
        URI base = target.loadUrl();
        double perSecond = Math.max(1, settings.rate() / 100.0);
        long pause = (long) (1_000 / perSecond);
        long until = System.nanoTime() + window.toNanos();
        int sent = 0;
        int serverErrors = 0;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            while (System.nanoTime() < until) {
                String[] poison = poisonRequest(sent, acks.customerPrefix());
                try {
                    int status = http.send(HttpRequest.newBuilder(base.resolve(poison[0])).timeout(Duration.ofSeconds(15))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                            .POST(HttpRequest.BodyPublishers.ofString(poison[1])).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status >= 500) {
                        serverErrors++;
                    }
                } catch (IOException e) {
                    serverErrors++;
                }
                if (target.streams().isPresent()) {
                    target.streams().get().poison(1);
                }
                sent++;
                Thread.sleep(pause);
            }
        }
        notes.add(sent + " poison requests" + (target.streams().isPresent() ? " and " + sent + " undecodable frames" : "")
                + "; " + serverErrors + " poison requests answered 5xx or not at all");
    }

    private static String[] poisonRequest(int n, String customerPrefix) {
        String customer = customerPrefix == null ? "CHAOS_NOBODY" : customerPrefix + "0";
        return switch (n % 5) {
            case 0 -> new String[] {"/collections/process-settlement", "{\"settlementId\": \"CHAOS_P" + n + "\", "};
            case 1 -> new String[] {"/collections/process-settlement", "{\"settlementId\":\"CHAOS_P" + n
                    + "\",\"customerId\":\"CHAOS_NOBODY_" + n + "\",\"amount\":1.00,\"type\":\"payout\"}"};
            case 2 -> new String[] {"/collections/process-settlement", "{\"settlementId\":\"CHAOS_P" + n
                    + "\",\"customerId\":\"" + customer + "\",\"amount\":-5,\"type\":\"collection\"}"};
            case 3 -> new String[] {"/bonuses/CHAOS_NO_BONUS_" + n + "/redeem", "{\"redemptionId\":\"CHAOS_R" + n
                    + "\",\"amount\":1.00}"};
            default -> new String[] {"/bonuses", "{\"transactionId\":\"CHAOS_B" + n + "\",\"customerId\":\"" + customer
                    + "\",\"bonusType\":\"free_play\",\"amount\":1e999,\"wageringRequirement\":1,"
                    + "\"expiresAt\":\"not a time\"}"};
        };
    }

    /**
     * Waits (up to the grace) until nothing is unfinished in the stores and, on a cluster, no domain stream holds an
     * entry its group has not acknowledged: a killed holder's entries are taken over only after {@code reclaimAfter},
     * and auditing before would count their settlements as lost.
     */
    private void awaitFinished(ChaosTarget target, List<String> notes) throws Exception {
        long deadline = System.nanoTime() + settings.grace().toNanos();
        long unfinished = unfinished(target);
        long waitedFrom = System.nanoTime();
        while (unfinished > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            unfinished = unfinished(target);
        }
        long waited = (System.nanoTime() - waitedFrom) / 1_000_000_000L;
        if (waited > 0) {
            notes.add("waited " + waited + " s for unfinished operations and stream entries" + (unfinished > 0 ? "; " + unfinished
                    + " still unfinished after the grace of " + settings.grace().toSeconds() + " s" : ""));
        }
    }

    /** Unfinished operations in the stores plus unacknowledged domain stream entries (Redis not answering: 1). */
    private static long unfinished(ChaosTarget target) throws Exception {
        long inStreams = target.streams().map(StreamFaults::unacknowledged).orElse(0L);
        return StoreAudit.unfinished(target.stores()) + (inStreams < 0 ? 1 : inStreams);
    }

    private void say(String format, Object... args) {
        progress.printf(Locale.ROOT, "crystal chaos: " + format + "%n", args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteData(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: the directory is under the work directory the user chose
        }
    }
}
