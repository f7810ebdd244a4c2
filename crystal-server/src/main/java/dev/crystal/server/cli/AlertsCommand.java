package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crystal.server.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code crystal alerts}: the alerts of a running platform, and its silences (create, list, expire). Runs on the
 * CLI's thread.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Active and resolved alerts; silences that keep matching alerts from being delivered.",
        subcommands = {AlertsCommand.ListAlerts.class, AlertsCommand.Silence.class, AlertsCommand.Silences.class,
                AlertsCommand.Expire.class})
public final class AlertsCommand {

    @CommandLine.Mixin
    PlatformTarget target;

    PlatformClient client() {
        return target.client();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Active alerts (silenced ones marked), "
            + "then the recently resolved.")
    static final class ListAlerts implements Callable<Integer> {
        @ParentCommand
        AlertsCommand parent;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                JsonNode alerts = parent.client().get("/alerts");
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"STATUS", "KIND", "SUBJECT", "SEVERITY", "SINCE", "MESSAGE"});
                for (JsonNode a : alerts.path("active")) {
                    rows.add(row(a.hasNonNull("silencedBy") ? "silenced:" + a.path("silencedBy").asText() : "firing", a));
                }
                for (JsonNode a : alerts.path("resolved")) {
                    rows.add(row("resolved", a));
                }
                if (rows.size() == 1) {
                    System.out.println("no alerts");
                } else {
                    DlqCommand.table(rows);
                }
                return 0;
            });
        }

        private static String[] row(String status, JsonNode a) {
            return new String[] {status, a.path("kind").asText(), a.path("subject").asText(),
                    a.path("severity").asText().toLowerCase(Locale.ROOT), a.path("since").asText(),
                    a.path("message").asText()};
        }
    }

    @Command(name = "silence", mixinStandardHelpOptions = true, description = "Silence the alerts of a kind and/or "
            + "subject for a while: still shown (marked silenced), not delivered to the webhook or Alertmanager.")
    static final class Silence implements Callable<Integer> {
        @ParentCommand
        AlertsCommand parent;

        @Option(names = "--kind", description = "HIGH_LATENCY, HIGH_ERROR_RATE, MAILBOX_NEARLY_FULL, "
                + "WORKER_RESTARTING, CIRCUIT_BREAKER_OPEN or QUEUE_DEPTH_GROWING (default: every kind)")
        String kind;

        @Option(names = "--subject", description = "worker, http, breaker or queue name (default: every subject)")
        String subject;

        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "how long, e.g. 30m, 2h, 1d")
        String duration;

        @Option(names = "--comment", defaultValue = "", description = "why, for the next operator")
        String comment;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (kind == null && subject == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "give --kind, --subject or both (a silence of every alert would hide everything)");
            }
            return JobsCommand.run(() -> {
                ObjectNode body = Json.mapper().createObjectNode();
                if (kind != null) {
                    body.put("kind", kind);
                }
                if (subject != null) {
                    body.put("subject", subject);
                }
                body.put("duration", duration);
                body.put("comment", comment);
                JsonNode s = parent.client().post("/alerts/silences", body.toString());
                System.out.println("silence " + s.path("id").asText() + " until " + s.path("endsAt").asText()
                        + " (expire it with: crystal alerts expire " + s.path("id").asText() + ")");
                return 0;
            });
        }
    }

    @Command(name = "silences", mixinStandardHelpOptions = true, description = "Every silence, active and expired.")
    static final class Silences implements Callable<Integer> {
        @ParentCommand
        AlertsCommand parent;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                JsonNode list = parent.client().get("/alerts/silences").path("silences");
                if (list.isEmpty()) {
                    System.out.println("no silences");
                    return 0;
                }
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"ID", "STATUS", "KIND", "SUBJECT", "ENDS", "BY", "COMMENT"});
                for (JsonNode s : list) {
                    rows.add(new String[] {s.path("id").asText(), s.path("status").asText(),
                            s.path("kind").asText("*"), s.path("subject").asText("*"), s.path("endsAt").asText(),
                            s.path("createdBy").asText(), s.path("comment").asText()});
                }
                DlqCommand.table(rows);
                return 0;
            });
        }
    }

    @Command(name = "expire", mixinStandardHelpOptions = true, description = "End a silence now.")
    static final class Expire implements Callable<Integer> {
        @ParentCommand
        AlertsCommand parent;

        @Parameters(index = "0", description = "silence id (see: crystal alerts silences)")
        String id;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                JsonNode s = parent.client().delete("/alerts/silences/" + JobsCommand.enc(id));
                System.out.println("silence " + s.path("id").asText() + " expired at " + s.path("endsAt").asText());
                return 0;
            });
        }
    }
}
