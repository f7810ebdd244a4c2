package dev.crystal.server.http;

import dev.crystal.jobs.AddResult;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.ScheduleTiming;
import dev.crystal.jobs.ScheduleView;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Job schedules for operators: list, show with the next run times, pause, resume, trigger now and change the
 * pattern (cron or {@code every <duration>}). Stateless.
 */
final class ScheduleRoutes {
    /** Next run times shown per schedule in the list. */
    static final int LIST_NEXT_RUNS = 3;
    /** Next run times shown by default for one schedule. */
    static final int SHOW_NEXT_RUNS = 5;

    private final Gateway gateway;
    private final Jobs jobs;

    ScheduleRoutes(Gateway gateway, Jobs jobs) {
        this.gateway = gateway;
        this.jobs = jobs;
    }

    void mount(Javalin app) {
        app.get("/jobs/schedules", ctx -> {
            int next = CustomerRoutes.intParam(ctx, "next", LIST_NEXT_RUNS, 0, 100);
            gateway.send(ctx, 200, Map.of("schedules",
                    jobs.schedules().list().stream().map(view -> body(view, next)).toList()));
        });
        app.get("/jobs/schedules/{id}", ctx -> gateway.send(ctx, 200,
                body(schedule(ctx), CustomerRoutes.intParam(ctx, "next", SHOW_NEXT_RUNS, 0, 100))));
        app.post("/jobs/schedules/{id}/pause", ctx -> {
            ScheduleView view = schedule(ctx);
            jobs.schedules().pause(view.id());
            gateway.send(ctx, 200, body(reload(view.id()), SHOW_NEXT_RUNS));
        });
        app.post("/jobs/schedules/{id}/resume", ctx -> {
            ScheduleView view = schedule(ctx);
            jobs.schedules().resume(view.id());
            gateway.send(ctx, 200, body(reload(view.id()), SHOW_NEXT_RUNS));
        });
        app.post("/jobs/schedules/{id}/trigger", this::trigger);
        app.put("/jobs/schedules/{id}", this::setPattern);
    }

    private ScheduleView schedule(Context ctx) {
        String id = Gateway.pathId(ctx, "id");
        return jobs.schedules().get(id).orElseThrow(() -> Gateway.notFound("SCHEDULE_NOT_FOUND", "id",
                "no schedule " + id + "; schedules: " + jobs.schedules().list().stream().map(ScheduleView::id).toList()));
    }

    private ScheduleView reload(String id) {
        return jobs.schedules().get(id).orElseThrow(() ->
                Gateway.notFound("SCHEDULE_NOT_FOUND", "id", "schedule " + id + " was removed meanwhile"));
    }

    private void trigger(Context ctx) {
        ScheduleView view = schedule(ctx);
        AddResult added = jobs.schedules().trigger(view.id()).orElseThrow(() ->
                Gateway.notFound("SCHEDULE_NOT_FOUND", "id", "schedule " + view.id() + " was removed meanwhile"));
        if (added instanceof AddResult.IdConflict conflict) {
            throw Gateway.conflict("JOB_ID_CONFLICT", "id", conflict.reason());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schedule", view.id());
        body.put("queue", view.queue());
        body.put("jobId", added.id());
        body.put("result", added instanceof AddResult.Added ? "added" : "already there");
        gateway.send(ctx, 200, body);
    }

    private void setPattern(Context ctx) {
        ScheduleView view = schedule(ctx);
        JsonBody body = gateway.body(ctx, Set.of("pattern", "tz"));
        String pattern = body.requiredText("pattern");
        String tz = body.optionalText("tz");
        ZoneId zone;
        try {
            zone = tz != null ? ZoneId.of(tz) : currentZone(view);
        } catch (DateTimeException e) {
            throw ApiError.badRequest("tz", "tz must be a time zone id such as UTC or Europe/Malta, was '" + tz + "'");
        }
        ScheduleTiming timing;
        try {
            timing = ScheduleTiming.parse(pattern, zone);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("pattern", e.getMessage());
        }
        ScheduleView changed;
        try {
            changed = jobs.schedules().setTiming(view.id(), timing).orElseThrow(() ->
                    Gateway.notFound("SCHEDULE_NOT_FOUND", "id", "schedule " + view.id() + " was removed meanwhile"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("pattern", e.getMessage());
        }
        gateway.send(ctx, 200, body(changed, SHOW_NEXT_RUNS));
    }

    /** The zone of a cron schedule ({@code cron <expr> <zone>}); UTC for interval schedules. */
    private static ZoneId currentZone(ScheduleView view) {
        if (view.timing().startsWith("cron ")) {
            String zone = view.timing().substring(view.timing().lastIndexOf(' ') + 1);
            return ZoneId.of(zone);
        }
        return ZoneOffset.UTC;
    }

    private Map<String, Object> body(ScheduleView view, int nextRuns) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", view.id());
        out.put("queue", view.queue());
        out.put("jobName", view.jobName());
        out.put("pattern", view.timing());
        out.put("catchUp", view.catchUp().name());
        out.put("status", view.ended() ? "ended" : view.paused() ? "paused" : "active");
        out.put("paused", view.paused());
        out.put("nextSlot", view.nextSlot());
        out.put("lastSlot", view.lastSlot());
        out.put("runs", view.runs());
        out.put("limit", view.limit() == 0 ? null : view.limit());
        out.put("endDate", view.endDate());
        List<Instant> next = view.paused() ? List.of() : jobs.schedules().nextRuns(view.id(), nextRuns);
        out.put("nextRuns", next);
        return out;
    }
}
