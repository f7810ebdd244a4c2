package dev.crystal.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.WorkflowMessage;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HTTP routes of the workflow monitor: {@code GET /workflows} (the loaded definitions) and
 * {@code GET /workflows/{correlationId}} (progress of the workflows started under that id).
 * Errors are {@link ApiError}s, rendered by the handlers {@link HttpApi#mount} registers. Stateless
 * apart from its collaborators; requests run on virtual threads and block only on their reply.
 */
public final class WorkflowRoutes {
    private static final Pattern CORRELATION = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final WorkerRuntime runtime;
    private final ObjectMapper json = Json.mapper();

    public WorkflowRoutes(WorkerRuntime runtime) {
        this.runtime = runtime;
    }

    /** Adds the routes to {@code app}. */
    public void mount(Javalin app) {
        app.get("/workflows", this::definitions);
        app.get("/workflows/{correlationId}", this::progress);
    }

    private void definitions(Context ctx) {
        WorkflowMessage.Definitions definitions = ask(new WorkflowMessage.ListDefinitions());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflows", definitions.workflows().stream().map(WorkflowRoutes::definition).toList());
        send(ctx, out);
    }

    private void progress(Context ctx) {
        String correlationId = ctx.pathParam("correlationId");
        if (!CORRELATION.matcher(correlationId).matches()) {
            throw ApiError.badRequest("correlationId",
                    "correlationId must be 1-128 characters of letters, digits, '_', '-', '.' or ':'");
        }
        WorkflowMessage.Progress progress = ask(new WorkflowMessage.GetProgress(correlationId));
        if (progress.instances().isEmpty()) {
            throw new ApiError(404, "WORKFLOW_NOT_FOUND", "correlationId",
                    "no workflow has started under correlation id " + correlationId);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("correlationId", progress.correlationId());
        out.put("instances", progress.instances().stream().map(WorkflowRoutes::instance).toList());
        send(ctx, out);
    }

    private static Map<String, Object> definition(WorkflowMessage.Definition d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", d.name());
        if (d.description() != null) {
            out.put("description", d.description());
        }
        out.put("source", d.source());
        out.put("steps", d.steps().stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("id", s.id());
            step.put("domain", s.domain());
            step.put("action", s.action());
            step.put("message", s.message());
            step.put("after", s.after());
            return step;
        }).toList());
        return out;
    }

    private static Map<String, Object> instance(WorkflowMessage.Instance i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflow", i.workflow());
        out.put("status", i.status());
        out.put("startedAt", i.startedAt().toString());
        List<Map<String, Object>> steps = i.steps().stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("id", s.id());
            step.put("domain", s.domain());
            step.put("action", s.action());
            step.put("message", s.message());
            step.put("status", s.status());
            if (s.at() != null) {
                step.put("at", s.at().toString());
            }
            return step;
        }).toList();
        out.put("steps", steps);
        return out;
    }

    private <R, M extends WorkflowMessage & Request<R>> R ask(M message) {
        Reply<R> reply = runtime.request(Addresses.WORKFLOWS, message, null, QUERY_TIMEOUT).join();
        return switch (reply) {
            case Reply.Success<R> success -> success.value();
            case Reply.Failure<R> failure -> throw new ApiError(
                    failure.kind() == ReplyFailure.RECIPIENT_FAILURE ? 500 : 503, failure.kind().name(), null,
                    "the platform could not answer: " + failure.detail());
        };
    }

    private void send(Context ctx, Object body) {
        try {
            ctx.status(200).contentType("application/json").result(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serializable", e);
        }
    }
}
