package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code crystal dlq}: the dead letters of a running platform: a table grouped by reason and worker, one letter as
 * readable YAML, replay (one, or every open letter of a reason/worker) and purge. Runs on the CLI's thread.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "See, replay and purge dead letters (one per failed message, resolved once it is handled).",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.Replay.class,
                DlqCommand.Purge.class})
public final class DlqCommand {

    @CommandLine.Mixin
    PlatformTarget target;

    /** The query string of a selection; {@code status} may be null (the server's default). */
    static String query(String status, String reason, String worker) {
        List<String> parts = new ArrayList<>();
        if (status != null) {
            parts.add("status=" + JobsCommand.enc(status));
        }
        if (reason != null) {
            parts.add("reason=" + JobsCommand.enc(reason));
        }
        if (worker != null) {
            parts.add("worker=" + JobsCommand.enc(worker));
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    /** {@code 45s}, {@code 12m}, {@code 3h}, {@code 2d}. */
    static String age(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return d.toMinutes() + "m";
        }
        if (seconds < 86_400) {
            return d.toHours() + "h";
        }
        return d.toDays() + "d";
    }

    /** Prints rows as columns padded to their widest cell. */
    static void table(List<String[]> rows) {
        int[] widths = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            System.out.println(line.toString().stripTrailing());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Dead letters as a table: counts by reason and worker, then one row per letter.")
    static final class ListLetters implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Mixin
        LetterFilter filter;

        @Option(names = "--status", defaultValue = "open", description = "open, resolved or all. Default: ${DEFAULT-VALUE}")
        String status;

        @Option(names = "--yaml", description = "print every selected letter in full (envelope, error) as YAML")
        boolean yaml;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                PlatformClient client = parent.target.client();
                JsonNode list = client.get("/dlq" + query(status, filter.reason, filter.worker));
                JsonNode letters = list.path("deadLetters");
                JsonNode totals = list.path("totals");
                if (yaml) {
                    List<JsonNode> full = new ArrayList<>();
                    for (JsonNode letter : letters) {
                        full.add(client.get("/dlq/" + JobsCommand.enc(letter.path("id").asText()) + "?frames=true"));
                    }
                    System.out.print(full.isEmpty() ? "# no dead letters\n" : readable().writeValueAsString(full));
                    return 0;
                }
                System.out.println(totals.path("open").asLong() + " open, " + totals.path("resolved").asLong()
                        + " resolved; showing " + status + (filter.reason == null ? "" : ", reason " + filter.reason)
                        + (filter.worker == null ? "" : ", worker " + filter.worker));
                if (letters.isEmpty()) {
                    System.out.println("no dead letters" + (status.equals("open") && totals.path("resolved").asLong() > 0
                            ? " open (see --status resolved)" : ""));
                    return 0;
                }
                List<String[]> groups = new ArrayList<>();
                groups.add(new String[] {"REASON", "WORKER", "LETTERS", "ATTEMPTS", "OLDEST"});
                for (JsonNode g : list.path("groups")) {
                    long oldest = Math.max(0, Duration.between(Instant.parse(
                            g.path("oldestFailedAt").asText()), Instant.now()).toSeconds());
                    groups.add(new String[] {g.path("reason").asText(), g.path("worker").asText(),
                            g.path("count").asText(), g.path("attempts").asText(), age(oldest) + " ago"});
                }
                System.out.println();
                table(groups);
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"ID", "WORKER", "TYPE", "REASON", "ATTEMPTS", "AGE", "STATUS"});
                for (JsonNode d : letters) {
                    rows.add(new String[] {d.path("id").asText(), d.path("worker").asText(), d.path("type").asText(),
                            d.path("reason").asText(), d.path("attempts").asText(), age(d.path("ageSeconds").asLong()),
                            d.path("status").asText()});
                }
                System.out.println();
                table(rows);
                return 0;
            });
        }
    }

    /**
     * {@code --reason} and {@code --worker}, shared by list, replay (with {@code --all}) and purge (open and resolved
     * letters unless {@code --resolved}); refuses bad combinations as usage errors of the command that mixes it in.
     */
    static final class LetterFilter {
        @Option(names = "--reason", description = "only letters of this reason: HANDLER_FAILED, WORKER_CRASHED, "
                + "WORKER_FAILED, MAILBOX_FULL, DECODE_FAILED, VALIDATION_FAILED, EXPIRED, REJECTED, TIMEOUT")
        String reason;

        @Option(names = "--worker", description = "only letters for this worker (e.g. collections)")
        String worker;

        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        boolean any() {
            return reason != null || worker != null;
        }

        ParameterException refuse(String message) {
            return new ParameterException(command.commandLine(), message);
        }
    }

    /** YAML for people, with multi-line text (an error and its frames) as a literal block. */
    static ObjectMapper readable() {
        return new YAMLMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .build());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One dead letter as YAML: reason, attempts, times, the error (class, message, top frames) "
                    + "as lines, the message.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Parameters(index = "0", description = "dead letter id (see list)")
        String id;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                JsonNode letter = parent.target.client().get("/dlq/" + JobsCommand.enc(id) + "?frames=true");
                System.out.print(readable().writeValueAsString(letter));
                return 0;
            });
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Send dead letters to their workers again after fixing the cause: one by id, or --all "
                    + "open letters (narrowed by --reason and --worker). Each resolves once its message is handled.")
    static final class Replay implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Parameters(index = "0", arity = "0..1", description = "dead letter id (or use --all)")
        String id;

        @Option(names = "--all", description = "every open letter (with --reason/--worker: those only)")
        boolean all;

        @Mixin
        LetterFilter filter;

        @Override
        public Integer call() throws Exception {
            if ((id == null) == !all) {
                throw filter.refuse("give a dead letter id or --all (optionally with --reason R / --worker W), not both");
            }
            if (id != null && filter.any()) {
                throw filter.refuse("--reason and --worker select letters for --all; with an id, leave them out");
            }
            return JobsCommand.run(() -> {
                PlatformClient client = parent.target.client();
                if (id != null) {
                    JsonNode result = client.post("/dlq/" + JobsCommand.enc(id) + "/replay", "");
                    System.out.println("replayed " + id + ": " + result.path("delivery").asText()
                            + " (resolved once handled: crystal dlq show " + id + ")");
                    return 0;
                }
                JsonNode result = client.post("/dlq/replay" + query(null, filter.reason, filter.worker), "");
                System.out.println("replayed " + result.path("replayed").asInt() + " dead letter(s)"
                        + (result.path("refused").isEmpty() ? "" : ", " + result.path("refused").size()
                        + " refused by their worker's mailbox"));
                for (JsonNode replayed : result.path("ids")) {
                    System.out.println("  " + replayed.asText());
                }
                for (JsonNode refused : result.path("refused")) {
                    System.out.println("  " + refused.path("id").asText() + " refused: "
                            + refused.path("delivery").asText());
                }
                return result.path("refused").isEmpty() ? 0 : 1;
            });
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Delete dead letters: --resolved ones, --all, or those of a --reason/--worker. "
                    + "Asks for --yes; without it, says how many would go.")
    static final class Purge implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Option(names = "--resolved", description = "resolved letters (narrowed by --reason/--worker)")
        boolean resolved;

        @Option(names = "--all", description = "open and resolved letters (narrowed by --reason/--worker)")
        boolean all;

        @Option(names = "--yes", description = "really delete")
        boolean yes;

        @Mixin
        LetterFilter filter;

        @Override
        public Integer call() throws Exception {
            if (!resolved && !all && !filter.any()) {
                throw filter.refuse("say what to purge: --resolved, --all, --reason R or --worker W");
            }
            if (resolved && all) {
                throw filter.refuse("--resolved and --all exclude each other");
            }
            String selection = query(resolved ? "resolved" : "all", filter.reason, filter.worker);
            return JobsCommand.run(() -> {
                PlatformClient client = parent.target.client();
                if (!yes) {
                    long matching = client.get("/dlq" + selection).path("totals").path("selected").asLong();
                    System.out.println(matching + " dead letter(s) match; nothing deleted. Run again with --yes to"
                            + " delete them.");
                    return 2;
                }
                JsonNode result = client.delete("/dlq" + selection);
                System.out.println("purged " + result.path("purged").asInt() + " dead letter(s)");
                return 0;
            });
        }
    }
}
