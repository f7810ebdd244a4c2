package dev.crystal.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.jobs.ControlResult;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobView;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.QueueCounts;
import dev.crystal.settlement.jobs.PlatformQueues;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Durable job queues: counts, job lists, retry and removal of failed jobs, pause and resume. Stateless. */
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
