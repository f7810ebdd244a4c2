package dev.crystal.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.jobs.ControlResult;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobView;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.QueueCounts;
import dev.crystal.jobs.QueueEvent;
import dev.crystal.jobs.QueueEvents;
import dev.crystal.settlement.jobs.PlatformQueues;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Durable job queues: counts, job lists, retry and removal of failed jobs, pause and resume, and their
 * events live (SSE; each stream is written by its own virtual thread). Stateless.
 */
final class JobRoutes {
    private final Gateway gateway;
    private final Jobs jobs;

    JobRoutes(Gateway gateway, Jobs jobs) {
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
        app.delete("/jobs/queues/{queue}/jobs/{id}", ctx -> control(ctx, queue(ctx).remove(jobId(ctx)), "removed"));
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
    private void events(Context ctx) {
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
        new SseHandler(client -> stream(client, q.name(), start)).handle(ctx);
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
        out.put("data", new java.util.TreeMap<>(event.data()));
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
        java.util.TreeSet<String> names = new java.util.TreeSet<>(PlatformQueues.ALL);
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
        body.put("history", view.history().stream().map(t -> Map.of("from", String.valueOf(t.from()),
                "to", String.valueOf(t.to()), "at", String.valueOf(t.at()), "reason", String.valueOf(t.reason())))
                .toList());
        gateway.send(ctx, 200, body);
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
        return out;
    }

    private Map<String, Object> job(JobView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.id());
        out.put("name", v.name());
        out.put("state", v.state().code());
        out.put("data", json(v.dataJson()));
        out.put("attemptsMade", v.attemptsMade());
        out.put("maxAttempts", v.maxAttempts());
        out.put("stalledCount", v.stalledCount());
        out.put("correlationId", v.correlationId());
        out.put("returnValue", json(v.returnValueJson()));
        out.put("failedReason", v.failedReason());
        out.put("createdAt", v.createdAt());
        out.put("runAt", v.runAt());
        out.put("finishedAt", v.finishedAt());
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
