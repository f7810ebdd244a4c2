package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.server.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crystal trace ID}: what happened to one operation, as a tree — the HTTP request, the messages it caused at
 * each worker (collections, balance, notifications, workflows…), job attempts and the retries they sent, dead
 * letters — each step with its node, queue wait, handling time, commit wait and outcome, then the final state.
 * Reads {@code GET /traces/{id}} of a running platform.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Show what happened to one operation: its correlation id, or a settlement, bonus, adjustment, "
                + "job or customer id.",
                "Each step: node, queue wait, handling time, commit wait, outcome; then the final state."})
public final class TraceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID",
            description = "correlation id, settlement id, bonus (transaction) id, adjustment id, job id or customer id")
    String id;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Platform. Default: ${DEFAULT-VALUE}")
    String url;

    @CommandLine.Mixin
    ApiKeyOptions auth;

    @ArgGroup(exclusive = true)
    Format format;

    static final class Format {
        @Option(names = "--yaml", description = "print the trace as YAML")
        boolean yaml;

        @Option(names = "--json", description = "print the trace as JSON")
        boolean json;
    }

    @Override
    public Integer call() throws Exception {
        return JobsCommand.run(() -> {
            JsonNode trace = new PlatformClient(url, auth.key()).get("/traces/" + JobsCommand.enc(id));
            if (format != null && format.json) {
                System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(trace));
            } else if (format != null && format.yaml) {
                System.out.print(Yaml.printer().writeValueAsString(trace));
            } else {
                System.out.print(render(trace));
            }
            return 0;
        });
    }

    /** The trace as a text tree. */
    static String render(JsonNode trace) {
        StringBuilder out = new StringBuilder();
        JsonNode summary = trace.path("summary");
        out.append("trace ").append(trace.path("correlationId").asText());
        if (!trace.path("query").asText().equals(trace.path("correlationId").asText())) {
            out.append(" (").append(trace.path("query").asText()).append(")");
        }
        out.append(": ").append(summary.path("hops").asInt()).append(" steps on ")
                .append(String.join(", ", texts(summary.path("nodes")))).append(", ")
                .append(summary.path("startedAt").asText()).append(" .. ").append(summary.path("finishedAt").asText())
                .append(" (").append(summary.path("durationMs").asText()).append(" ms)\n");
        if (!trace.path("related").isEmpty()) {
            out.append("also under: ").append(String.join(", ", texts(trace.path("related")))).append("\n");
        }
        out.append("  (wait = queue wait, run = handling time, commit = wait for the batch commit; ms)\n");
        JsonNode steps = trace.path("steps");
        for (int i = 0; i < steps.size(); i++) {
            step(out, steps.get(i), "", i == steps.size() - 1, true);
        }
        out.append("final state:\n");
        JsonNode settlements = trace.path("finalState").path("settlements");
        for (JsonNode s : settlements) {
            out.append("  settlement ").append(s.path("settlementId").asText()).append(": ")
                    .append(s.path("status").asText()).append(", retries ").append(s.path("retryCount").asInt());
            if (s.hasNonNull("error")) {
                out.append(", error ").append(s.path("error").asText());
            }
            if (s.hasNonNull("balance")) {
                out.append(", balance ").append(s.path("balance").asText());
            }
            out.append("\n");
        }
        if (trace.path("finalState").hasNonNull("lastStep")) {
            out.append("  last step: ").append(trace.path("finalState").path("lastStep").asText()).append("\n");
        }
        JsonNode dead = trace.path("deadLetters");
        out.append("dead letters: ").append(dead.isEmpty() ? "none" : String.valueOf(dead.size())).append("\n");
        for (JsonNode d : dead) {
            out.append("  ").append(d.path("id").asText()).append(" ").append(d.path("type").asText()).append(" at ")
                    .append(d.path("target").asText()).append(": ").append(d.path("reason").asText()).append("\n");
        }
        return out.toString();
    }

    private static void step(StringBuilder out, JsonNode s, String indent, boolean last, boolean root) {
        out.append(indent).append(root ? "" : last ? "└─ " : "├─ ");
        String kind = s.path("kind").asText();
        switch (kind) {
            case "http" -> out.append(s.path("type").asText());
            case "job" -> out.append("job ").append(s.path("to").asText());
            default -> out.append(s.path("type").asText()).append(" ").append(s.path("from").asText()).append(" → ")
                    .append(s.path("to").asText());
        }
        out.append("  [").append(s.path("node").asText()).append("] ")
                .append("wait ").append(s.path("queueWaitMs").asText())
                .append(" run ").append(s.path("handlingMs").asText())
                .append(" commit ").append(s.path("commitWaitMs").asText())
                .append(" → ").append(s.path("outcome").asText());
        if (s.hasNonNull("detail")) {
            out.append(" (").append(s.path("detail").asText()).append(")");
        }
        if (s.hasNonNull("subject")) {
            out.append("  #").append(s.path("subject").asText());
        }
        out.append("  ").append(s.path("startedAt").asText()).append("\n");
        JsonNode children = s.path("children");
        String childIndent = root ? "" : indent + (last ? "   " : "│  ");
        for (int i = 0; i < children.size(); i++) {
            step(out, children.get(i), childIndent, i == children.size() - 1, false);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
