package dev.crystal.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.jobs.ControlResult;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobView;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.ObliterateResult;
import dev.crystal.jobs.QueueCounts;
import dev.crystal.jobs.QueueEvent;
import dev.crystal.jobs.QueueEvents;
import dev.crystal.settlement.jobs.DomainJobs;
import dev.crystal.settlement.jobs.PlatformQueues;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durable job queues: counts, job lists, retry, removal, promotion and data updates of jobs, pause, resume,
 * clean and obliterate of queues. Jobs a domain relies on ({@link DomainJobs}) cannot be removed, cleaned or
 * obliterated: the answer is 409 {@code JOB_RELIED_ON} naming the settlement or bonus. Stateless.
 */
final class JobRoutes {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private final Gateway gateway;
    private final Jobs jobs;

    private final SseFanout eventSubscribers;
    private final JobRates rates;

    JobRoutes(Gateway gateway, Jobs jobs, SseFanout eventSubscribers, JobRates rates) {
        this.eventSubscribers = eventSubscribers;
        this.rates = rates;
        this.gateway = gateway;
        this.jobs = jobs;
    }

    void mount(Javalin app) {
        app.get("/jobs/queues", ctx -> gateway.send(ctx, 200,
                Map.of("queues", queueNames().stream().map(n -> counts(jobs.queue(n).counts())).toList())));
        app.get("/jobs/queues/{queue}", ctx -> gateway.send(ctx, 200, counts(queue(ctx).counts())));
        app.get("/jobs/queues/{queue}/jobs", this::list);
        app.get("/jobs/queues/{queue}/events", this::events);
        app.get("/jobs/queues/{queue}/jobs/{id}", this::show);
        app.post("/jobs/queues/{queue}/jobs/{id}/retry", ctx -> control(ctx, queue(ctx).retry(jobId(ctx)), "retried"));
        app.delete("/jobs/queues/{queue}/jobs/{id}", this::remove);
        app.post("/jobs/queues/{queue}/jobs/{id}/promote", this::promote);
        app.put("/jobs/queues/{queue}/jobs/{id}/data", this::updateData);
        app.patch("/jobs/queues/{queue}/jobs/{id}/data", this::updateData);
        app.delete("/jobs/queues/{queue}", this::obliterate);
        app.post("/jobs/queues/{queue}/clean", this::clean);
        app.post("/jobs/queues/{queue}/pause", ctx -> {
            JobQueue q = queue(ctx);
            q.pause();
            gateway.send(ctx, 200, counts(q.counts()));
        });
        app.post("/jobs/queues/{queue}/resume", ctx -> {
            JobQueue q = queue(ctx);
            q.resume();
            gateway.send(ctx, 200, counts(q.counts()));
        });
    }

    /**
     * Server-sent events: the queue's events from the store's durable log, live. {@code ?from=ID} starts at
     * that event id (inclusive; 0 for the oldest kept), {@code ?since=now} (the default) after the newest;
     * a reconnecting client's {@code Last-Event-ID} resumes after it. One SSE event per queue event (name:
     * the kind, id: the event id, data: JSON), after a first {@code ready} event; a comment every second
     * while idle.
     */
    private void events(Context ctx) throws Exception {
        JobQueue q = queue(ctx);
        String from = ctx.queryParam("from");
        String since = ctx.queryParam("since");
        String lastEventId = ctx.header("Last-Event-ID");
        if (from != null && since != null) {
            throw ApiError.badRequest("from", "give either from=ID or since=now, not both");
        }
        if (since != null && !since.equals("now")) {
            throw ApiError.badRequest("since", "since must be 'now', was '" + since + "'");
        }
        long after;
        if (from != null) {
            after = eventId("from", from) - 1;
        } else if (since == null && lastEventId != null && !lastEventId.isBlank()) {
            after = eventId("Last-Event-ID", lastEventId);
        } else {
            after = jobs.queueEvents().lastId(q.name());
        }
        long start = Math.max(0, after);
        eventSubscribers.handlePulled(ctx, client -> stream(client, q.name(), start));
    }

    private static long eventId(String field, String text) {
        try {
            long id = Long.parseLong(text.trim());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(field, field + " must be an event id (0 or more), was '" + text + "'");
        }
    }

    private void stream(SseClient client, String queue, long start) {
        client.keepAlive();
        client.sendEvent("ready", "{\"queue\":" + quoted(queue) + ",\"after\":" + start + "}");
        Thread.ofVirtual().name("crystal-job-events-sse-" + queue).start(() -> {
            QueueEvents events = jobs.queueEvents();
            long after = start;
            try {
                while (!client.terminated()) {
                    List<QueueEvent> batch = events.read(queue, after, 500, Duration.ofSeconds(1));
                    if (batch.isEmpty()) {
                        client.sendComment("idle");
                    }
                    for (QueueEvent event : batch) {
                        client.sendEvent(event.kind().code(), gateway.json().writeValueAsString(eventJson(event)),
                                Long.toString(event.id()));
                        after = event.id();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception gone) {
                // the client went away or the store closed: end the stream
            } finally {
                client.close();
            }
        });
    }

    private String quoted(String text) {
        try {
            return gateway.json().writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> eventJson(QueueEvent event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", event.id());
        out.put("queue", event.queue());
        out.put("jobId", event.jobId());
        out.put("kind", event.kind().code());
        out.put("at", event.at().toString());
        out.put("data", new TreeMap<>(event.data()));
        return out;
    }

    private JobQueue queue(Context ctx) {
        String name = Gateway.pathId(ctx, "queue");
        if (!queueNames().contains(name)) {
            throw Gateway.notFound("QUEUE_NOT_FOUND", "queue", "no queue " + name + "; queues: " + queueNames());
        }
        return jobs.queue(name);
    }

    /** The platform's own queues (even while empty) and any other queue holding jobs, sorted. */
    private List<String> queueNames() {
        TreeSet<String> names = new TreeSet<>(PlatformQueues.ALL);
        names.addAll(jobs.queueNames());
        return List.copyOf(names);
    }

    private static String jobId(Context ctx) {
        return Gateway.pathId(ctx, "id");
    }

    private void list(Context ctx) {
        JobQueue q = queue(ctx);
        String stateParam = ctx.queryParam("state");
        List<JobState> states;
        if (stateParam == null) {
            states = Arrays.asList(JobState.values());
        } else {
            try {
                states = List.of(JobState.ofCode(stateParam));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("state", "state must be one of "
                        + Arrays.stream(JobState.values()).map(JobState::code).toList() + ", was '" + stateParam + "'");
            }
        }
        int offset = CustomerRoutes.intParam(ctx, "offset", 0, 0, 1_000_000);
        int limit = CustomerRoutes.intParam(ctx, "limit", 50, 1, 500);
        List<Map<String, Object>> out = states.stream()
                .flatMap(s -> q.list(s, offset, limit).stream())
                .limit(limit)
                .map(this::job)
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queue", q.name());
        if (stateParam != null) {
            body.put("state", states.get(0).code());
            body.put("total", q.counts().byState().getOrDefault(states.get(0), 0L));
        }
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("jobs", out);
        gateway.send(ctx, 200, body);
    }

    private void show(Context ctx) {
        JobQueue q = queue(ctx);
        String id = jobId(ctx);
        JobView view = q.job(id).orElseThrow(() -> Gateway.notFound("JOB_NOT_FOUND", "id",
                "no job " + id + " in queue " + q.name()));
        Map<String, Object> body = job(view);
        body.put("logs", q.logs(id));
        body.put("children", FlowChildren.of(jobs, queueNames(), view).stream().map(this::childJson).toList());
        body.put("history", view.history().stream().map(t -> Map.of("from", String.valueOf(t.from()),
                "to", String.valueOf(t.to()), "at", String.valueOf(t.at()), "reason", String.valueOf(t.reason())))
                .toList());
        gateway.send(ctx, 200, body);
    }

    private void remove(Context ctx) {
        JobQueue q = queue(ctx);
        String id = jobId(ctx);
        q.job(id).ifPresent(this::refuseIfReliedOn);
        switch (q.remove(id)) {
            case DONE -> gateway.send(ctx, 200, Map.of("id", id, "result", "removed"));
            case NOT_FOUND -> throw Gateway.notFound("JOB_NOT_FOUND", "id", "no job " + id + " in queue " + q.name());
            case WRONG_STATE -> throw Gateway.conflict("JOB_ACTIVE", "id", "job " + id + " of " + q.name()
                    + " is active: a worker holds it; remove it once it has finished");
        }
    }

    private void refuseIfReliedOn(JobView view) {
        DomainJobs.reliedOnBy(view).ifPresent(owner -> {
            throw Gateway.conflict("JOB_RELIED_ON", "id", "job " + view.id() + " of " + view.ref().queue()
                    + " is relied on by " + owner + "; removing it would leave that promise unkept. "
                    + "It can be removed once it has finished");
        });
    }

    private void promote(Context ctx) {
        JobQueue q = queue(ctx);
        String id = jobId(ctx);
        switch (q.promote(id)) {
            case DONE -> gateway.send(ctx, 200, job(q.job(id).orElseThrow(() ->
                    Gateway.notFound("JOB_NOT_FOUND", "id", "job " + id + " of " + q.name() + " is gone"))));
            case NOT_FOUND -> throw Gateway.notFound("JOB_NOT_FOUND", "id", "no job " + id + " in queue " + q.name());
            case WRONG_STATE -> throw Gateway.conflict("JOB_NOT_DELAYED", "id", "job " + id + " of " + q.name()
                    + " is " + q.job(id).map(v -> v.state().code()).orElse("gone") + "; only delayed jobs can be promoted");
        }
    }

    private void updateData(Context ctx) {
        JobQueue q = queue(ctx);
        String id = jobId(ctx);
        // the whole body is the job's new data; bounded and checked like every JSON body
        JsonNode data = gateway.jsonValue(ctx);
        switch (q.updateData(id, data)) {
            case DONE -> gateway.send(ctx, 200, job(q.job(id).orElseThrow(() ->
                    Gateway.notFound("JOB_NOT_FOUND", "id", "job " + id + " of " + q.name() + " is gone"))));
            case NOT_FOUND -> throw Gateway.notFound("JOB_NOT_FOUND", "id", "no job " + id + " in queue " + q.name());
            case WRONG_STATE -> throw Gateway.conflict("JOB_FINISHED", "id", "job " + id + " of " + q.name() + " is "
                    + q.job(id).map(v -> v.state().code()).orElse("gone")
                    + "; a finished job keeps the data it ran with (retry it or add a new job)");
        }
    }

    private void obliterate(Context ctx) {
        JobQueue q = queue(ctx);
        boolean force = booleanParam(ctx, "force");
        DomainJobs.platformScheduleOf(q.name()).ifPresent(schedule -> {
            throw Gateway.conflict("QUEUE_RELIED_ON", "queue", "queue " + q.name() + " receives the platform schedule "
                    + schedule + "; obliterating it would remove that schedule. Pause the schedule "
                    + "(POST /jobs/schedules/" + schedule + "/pause) or clean old jobs instead");
        });
        if (DomainJobs.isDomainQueue(q.name())) {
            for (JobState state : JobState.values()) {
                if (!state.isFinished()) {
                    q.list(state, 0, 1).stream().findFirst().ifPresent(this::refuseIfReliedOn);
                }
            }
        }
        switch (q.obliterate(force)) {
            case ObliterateResult.Obliterated done -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("queue", done.queue());
                body.put("result", "obliterated");
                body.put("jobsRemoved", done.jobsRemoved());
                body.put("schedulesRemoved", done.schedulesRemoved());
                gateway.send(ctx, 200, body);
            }
            case ObliterateResult.ActiveJobs active -> throw new ApiError(409, "QUEUE_HAS_ACTIVE_JOBS", "force",
                    "queue " + active.queue() + " has " + active.active() + " active job(s); nothing was removed. "
                    + "Obliterate with force=true to remove active jobs too (their workers' results are dropped)",
                    Map.of("active", active.active()));
        }
    }

    private void clean(Context ctx) {
        JobQueue q = queue(ctx);
        String stateParam = ctx.queryParam("state");
        if (stateParam == null) {
            throw ApiError.badRequest("state", "state is required: one of completed, failed, waiting, prioritized, "
                    + "delayed, waiting-children");
        }
        JobState state;
        try {
            state = JobState.ofCode(stateParam);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("state", e.getMessage());
        }
        if (state == JobState.ACTIVE) {
            throw ApiError.badRequest("state", "active jobs cannot be cleaned: they belong to their workers");
        }
        Duration olderThan = durationParam(ctx, "olderThan");
        int limit = CustomerRoutes.intParam(ctx, "limit", 1000, 1, 100_000);
        if (!state.isFinished() && DomainJobs.isDomainQueue(q.name())) {
            q.list(state, 0, 1).stream().findFirst().ifPresent(this::refuseIfReliedOn);
        }
        List<String> removed = q.clean(state, olderThan, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queue", q.name());
        body.put("state", state.code());
        body.put("olderThan", olderThan.toString());
        body.put("count", removed.size());
        body.put("removed", removed);
        gateway.send(ctx, 200, body);
    }

    private static boolean booleanParam(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true") || value.isEmpty()) {
            return true;
        }
        throw ApiError.badRequest(name, name + " must be true or false, was '" + value + "'");
    }

    /** A duration query parameter: {@code 0}, {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d} or ISO-8601. */
    static Duration durationParam(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank() || value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SHORT_DURATION.matcher(value.trim());
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            Duration parsed = Duration.parse(value.trim());
            if (parsed.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return parsed;
        } catch (RuntimeException e) {
            throw ApiError.badRequest(name, name + " must be a duration such as 30s, 15m, 2h, 7d or PT1H, was '"
                    + value + "'");
        }
    }

    private void control(Context ctx, ControlResult result, String done) {
        switch (result) {
            case DONE -> gateway.send(ctx, 200, Map.of("id", jobId(ctx), "result", done));
            case NOT_FOUND -> throw Gateway.notFound("JOB_NOT_FOUND", "id", "no job " + jobId(ctx));
            case WRONG_STATE -> throw Gateway.conflict("JOB_NOT_FAILED", "id",
                    "job " + jobId(ctx) + " is not in a state that allows this (only failed jobs can be retried)");
        }
    }

    private Map<String, Object> counts(QueueCounts counts) {
        Map<String, Object> byState = new LinkedHashMap<>();
        for (JobState state : JobState.values()) {
            byState.put(state.code(), counts.byState().getOrDefault(state, 0L));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", counts.queue());
        out.put("paused", counts.paused());
        out.put("counts", byState);
        out.putAll(rates.of(counts.queue()));
        return out;
    }

    private Map<String, Object> job(JobView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.id());
        out.put("name", v.name());
        out.put("state", v.state().code());
        out.put("data", json(v.dataJson()));
        out.put("priority", v.priority());
        out.put("attemptsMade", v.attemptsMade());
        out.put("attemptsStarted", v.attemptsStarted());
        out.put("maxAttempts", v.maxAttempts());
        out.put("stalledCount", v.stalledCount());
        out.put("progress", json(v.progressJson()));
        out.put("correlationId", v.correlationId());
        out.put("returnValue", json(v.returnValueJson()));
        out.put("failedReason", v.failedReason());
        out.put("parent", v.parent() == null ? null : Map.of("queue", v.parent().queue(), "id", v.parent().id()));
        out.put("pendingChildren", v.pendingChildren());
        out.put("createdAt", v.createdAt());
        out.put("runAt", v.runAt());
        out.put("processedAt", v.processedAt());
        out.put("finishedAt", v.finishedAt());
        return out;
    }

    private Map<String, Object> childJson(JobView child) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", child.ref().queue());
        out.put("id", child.id());
        out.put("name", child.name());
        out.put("state", child.state().code());
        out.put("returnValue", json(child.returnValueJson()));
        out.put("failedReason", child.failedReason());
        return out;
    }

    private JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return gateway.json().readTree(text);
        } catch (JsonProcessingException e) {
            return gateway.json().getNodeFactory().textNode(text);
        }
    }
}
