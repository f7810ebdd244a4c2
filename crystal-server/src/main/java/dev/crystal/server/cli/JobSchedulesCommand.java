package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code crystal jobs schedules}: see and steer the repeating jobs (such as the monthly commission run). */
@Command(name = "schedules", mixinStandardHelpOptions = true,
        description = "List, show, pause, resume, trigger and re-time job schedules.",
        subcommands = {JobSchedulesCommand.ListSchedules.class, JobSchedulesCommand.Show.class,
                JobSchedulesCommand.Pause.class, JobSchedulesCommand.Resume.class, JobSchedulesCommand.Trigger.class,
                JobSchedulesCommand.Set.class})
final class JobSchedulesCommand {
    @ParentCommand
    JobsCommand jobs;

    PlatformClient client() {
        return jobs.client();
    }

    static String path(String id) {
        return "/jobs/schedules/" + JobsCommand.enc(id);
    }

    @Command(name = "list", description = "Every schedule with its status and next run times.")
    static final class ListSchedules implements Callable<Integer> {
        @ParentCommand
        JobSchedulesCommand parent;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                JsonNode schedules = parent.client().get("/jobs/schedules?next=1").get("schedules");
                System.out.printf("%-24s %-18s %-30s %-7s %6s  %-24s %s%n", "ID", "QUEUE", "PATTERN", "STATUS", "RUNS",
                        "NEXT RUN", "LAST RUN");
                for (JsonNode s : schedules) {
                    JsonNode next = s.path("nextRuns");
                    System.out.printf("%-24s %-18s %-30s %-7s %6d  %-24s %s%n", s.get("id").asText(),
                            s.get("queue").asText(), s.get("pattern").asText(), s.get("status").asText(),
                            s.get("runs").asLong(), next.isEmpty() ? "-" : next.get(0).asText(),
                            s.path("lastSlot").isNull() ? "-" : s.path("lastSlot").asText());
                }
                if (schedules.isEmpty()) {
                    System.out.println("(no schedules)");
                }
                return 0;
            });
        }
    }

    @Command(name = "show", description = "One schedule with its next run times, as YAML.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        JobSchedulesCommand parent;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--next", defaultValue = "5", description = "how many next run times. Default: ${DEFAULT-VALUE}")
        int next;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                JsonNode schedule = parent.client().get(path(id) + "?next=" + next);
                System.out.print(Yaml.printer().writeValueAsString(schedule));
                return 0;
            });
        }
    }

    /** pause, resume or trigger one schedule. */
    abstract static class Action extends NamedSubcommand {
        @ParentCommand
        JobSchedulesCommand parent;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        abstract String report(JsonNode answer);

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                JsonNode answer = parent.client().post(path(id) + "/" + verb(), "");
                System.out.println(report(answer));
                return 0;
            });
        }
    }

    @Command(name = "pause", description = "Stop a schedule from firing (survives restart).")
    static final class Pause extends Action {
        @Override
        String report(JsonNode answer) {
            return "schedule " + id + " paused";
        }
    }

    @Command(name = "resume", description = "Let a paused schedule fire again from its next slot after now.")
    static final class Resume extends Action {
        @Override
        String report(JsonNode answer) {
            JsonNode next = answer.path("nextRuns");
            return "schedule " + id + " resumed; next run " + (next.isEmpty() ? "none (ended)" : next.get(0).asText());
        }
    }

    @Command(name = "trigger", description = "Add one job from the schedule now (slots and limit unchanged).")
    static final class Trigger extends Action {
        @Override
        String report(JsonNode answer) {
            return "schedule " + id + " triggered: job " + answer.path("jobId").asText() + " in "
                    + answer.path("queue").asText();
        }
    }

    @Command(name = "set", description = "Change a schedule's pattern: a cron expression or 'every <duration>'.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        JobSchedulesCommand parent;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--pattern", required = true,
                description = "cron ('0 2 1 * *', 5 fields or 6 with seconds) or 'every 15m' / 'every PT1H'")
        String pattern;

        @Option(names = "--tz", description = "time zone of a cron pattern (default: the schedule's, or UTC)")
        String tz;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                ObjectNode body = JsonNodeFactory.instance.objectNode().put("pattern", pattern);
                if (tz != null) {
                    body.put("tz", tz);
                }
                JsonNode changed = parent.client().putJson(path(id), body.toString());
                JsonNode next = changed.path("nextRuns");
                System.out.println("schedule " + id + " now runs " + changed.path("pattern").asText() + "; next run "
                        + (next.isEmpty() ? "none" : next.get(0).asText()));
                return 0;
            });
        }
    }
}
