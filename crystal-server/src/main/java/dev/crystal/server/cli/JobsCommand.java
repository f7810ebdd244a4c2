package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code crystal jobs}: inspect and steer the durable job queues of a running platform. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "Inspect and control the job queues of a running platform.",
        subcommands = {JobsCommand.Queues.class, JobsCommand.ListJobs.class, JobsCommand.Show.class,
                JobsCommand.Retry.class, JobsCommand.Remove.class, JobsCommand.Pause.class, JobsCommand.Resume.class,
                JobsCommand.Promote.class, JobsCommand.UpdateData.class, JobsCommand.Obliterate.class,
                JobsCommand.Clean.class, JobSchedulesCommand.class, JobsCommand.Events.class})
public final class JobsCommand {

    @CommandLine.Mixin
    PlatformTarget target;

    PlatformClient client() {
        return target.client();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Runs {@code body}, turning a failed call into exit code 1 with the message on stderr. */
    static int run(Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (PlatformClient.CliFailure e) {
            System.err.println("crystal: " + e.getMessage());
            return e.exitCode();
        }
    }

    @Command(name = "queues", description = "Counts per state for every queue.")
    static final class Queues implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Override
        public Integer call() throws Exception {
            return run(() -> {
                JsonNode queues = parent.client().get("/jobs/queues").get("queues");
                PrintStream out = System.out;
                out.printf("%-22s %8s %8s %8s %8s %10s %8s %9s %6s%n", "QUEUE", "WAITING", "PRIO", "DELAYED",
                        "ACTIVE", "COMPLETED", "FAILED", "CHILDREN", "PAUSED");
                for (JsonNode q : queues) {
                    JsonNode c = q.get("counts");
                    out.printf("%-22s %8d %8d %8d %8d %10d %8d %9d %6s%n", q.get("queue").asText(),
                            c.path("waiting").asLong(), c.path("prioritized").asLong(), c.path("delayed").asLong(),
                            c.path("active").asLong(), c.path("completed").asLong(), c.path("failed").asLong(),
                            c.path("waiting-children").asLong(), q.get("paused").asBoolean() ? "yes" : "no");
                }
                return 0;
            });
        }
    }

    @Command(name = "list", description = "Jobs of a queue, optionally of one state.")
    static final class ListJobs implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Parameters(index = "0", description = "queue name")
        String queue;

        @Option(names = "--state", description = "waiting, prioritized, delayed, active, completed, failed, waiting-children")
        String state;

        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Override
        public Integer call() throws Exception {
            return run(() -> {
                String query = "?limit=" + limit + (state == null ? "" : "&state=" + enc(state));
                JsonNode jobs = parent.client().get("/jobs/queues/" + enc(queue) + "/jobs" + query).get("jobs");
                System.out.printf("%-40s %-10s %-17s %8s  %-34s %s%n", "ID", "NAME", "STATE", "ATTEMPTS",
                        "CORRELATION", "FAILED REASON");
                for (JsonNode j : jobs) {
                    System.out.printf("%-40s %-10s %-17s %4d/%-3d  %-34s %s%n", j.get("id").asText(),
                            j.get("name").asText(), j.get("state").asText(), j.get("attemptsMade").asInt(),
                            j.get("maxAttempts").asInt(), j.path("correlationId").asText(""),
                            j.path("failedReason").asText(""));
                }
                return 0;
            });
        }
    }

    @Command(name = "show", description = "One job with its data, history and logs, as YAML.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Parameters(index = "0")
        String queue;

        @Parameters(index = "1")
        String id;

        @Override
        public Integer call() throws Exception {
            return run(() -> {
                JsonNode job = parent.client().get("/jobs/queues/" + enc(queue) + "/jobs/" + enc(id));
                System.out.print(Yaml.printer().writeValueAsString(job));
                return 0;
            });
        }
    }

    /** A command on one job: retry or remove. */
    abstract static class JobAction implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Parameters(index = "0", description = "queue name")
        String queue;

        @Parameters(index = "1", description = "job id")
        String id;

        abstract void apply(PlatformClient client, String path);

        abstract String done();

        @Override
        public Integer call() throws Exception {
            return run(() -> {
                apply(parent.client(), "/jobs/queues/" + enc(queue) + "/jobs/" + enc(id));
                System.out.println("job " + id + " of " + queue + " " + done());
                return 0;
            });
        }
    }

    @Command(name = "retry", description = "Retry a failed job.")
    static final class Retry extends JobAction {
        @Override
        void apply(PlatformClient client, String path) {
            client.post(path + "/retry", "");
        }

        @Override
        String done() {
            return "is waiting again";
        }
    }

    @Command(name = "remove", description = "Remove a job (refused for a pending settlement retry or bonus expiry).")
    static final class Remove extends JobAction {
        @Override
        void apply(PlatformClient client, String path) {
            client.delete(path);
        }

        @Override
        String done() {
            return "removed";
        }
    }

    /** Pause or resume one queue. */
    abstract static class QueueSwitch extends NamedSubcommand {
        @ParentCommand
        JobsCommand parent;

        @Parameters(index = "0", description = "queue name")
        String queue;

        @Override
        public Integer call() throws Exception {
            return run(() -> {
                parent.client().post("/jobs/queues/" + enc(queue) + "/" + verb(), "");
                System.out.println(queue + " " + verb() + "d");
                return 0;
            });
        }
    }

    @Command(name = "pause", description = "Stop workers from taking jobs of a queue.")
    static final class Pause extends QueueSwitch {
    }

    @Command(name = "resume", description = "Let workers take jobs of a paused queue again.")
    static final class Resume extends QueueSwitch {
    }

    @Command(name = "promote", description = "Run a delayed job now.")
    static final class Promote extends JobAction {
        @Override
        void apply(PlatformClient client, String path) {
            client.post(path + "/promote", "");
        }

        @Override
        String done() {
            return "is waiting to run now";
        }
    }

    @Command(name = "update-data", description = "Replace the data of a job that has not finished with the JSON in FILE "
            + "(- for standard input).")
    static final class UpdateData implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Parameters(index = "0", description = "queue name")
        String queue;

        @Parameters(index = "1", description = "job id")
        String id;

        @Parameters(index = "2", paramLabel = "FILE", description = "JSON file with the new data, or - for stdin")
        String file;

        @Override
        public Integer call() throws Exception {
            return run(() -> {
                String json;
                try {
                    json = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                            : Files.readString(Path.of(file));
                } catch (IOException e) {
                    throw new PlatformClient.CliFailure("cannot read " + file + ": " + e.getMessage());
                }
                JsonNode job = parent.client().putJson("/jobs/queues/" + enc(queue) + "/jobs/" + enc(id) + "/data", json);
                System.out.println("job " + id + " of " + queue + " now has data " + job.path("data"));
                return 0;
            });
        }
    }

    @Command(name = "obliterate", description = "Remove a queue with all its jobs, logs and schedules. "
            + "Refused while jobs are active, unless --force.")
    static final class Obliterate implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Parameters(index = "0", description = "queue name")
        String queue;

        @Option(names = "--force", description = "also remove active jobs (their workers' results are dropped)")
        boolean force;

        @Override
        public Integer call() throws Exception {
            return run(() -> {
                JsonNode done = parent.client().delete("/jobs/queues/" + enc(queue) + (force ? "?force=true" : ""));
                System.out.println(queue + " obliterated: " + done.path("jobsRemoved").asLong() + " job(s), "
                        + done.path("schedulesRemoved").asInt() + " schedule(s) removed");
                return 0;
            });
        }
    }

    @Command(name = "clean", description = "Remove jobs of one state older than an age; prints the removed ids.")
    static final class Clean implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Parameters(index = "0", description = "queue name")
        String queue;

        @Option(names = "--state", required = true,
                description = "completed, failed, waiting, prioritized, delayed or waiting-children")
        String state;

        @Option(names = "--older-than", defaultValue = "0",
                description = "age, e.g. 30s, 15m, 2h, 7d or PT1H (finished jobs by finish time, others by add time). "
                        + "Default: ${DEFAULT-VALUE}")
        String olderThan;

        @Option(names = "--limit", defaultValue = "1000", description = "most jobs to remove. Default: ${DEFAULT-VALUE}")
        int limit;

        @Override
        public Integer call() throws Exception {
            return run(() -> {
                JsonNode done = parent.client().post("/jobs/queues/" + enc(queue) + "/clean?state=" + enc(state)
                        + "&olderThan=" + enc(olderThan) + "&limit=" + limit, "");
                System.out.println("removed " + done.path("count").asInt() + " " + state + " job(s) of " + queue);
                for (JsonNode id : done.path("removed")) {
                    System.out.println("  " + id.asText());
                }
                return 0;
            });
        }
    }

    @Command(name = "events", description = {
            "Follow a queue's events live (added, waiting, active, progress, completed, failed, retrying, delayed,",
            "stalled, removed, …), one line per event: ID TIME KIND JOB DATA. Works from any machine that reaches",
            "the platform; events come from the store's durable log, so they include jobs run by other processes."})
    static final class Events implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Parameters(index = "0", description = "queue name")
        String queue;

        @Option(names = "--from", description = "Start at this event id (0: the oldest still kept)")
        Long from;

        @Option(names = "--since", description = "'now' (the default): only events from now on")
        String since;

        @Option(names = "--count", description = "Stop after this many events")
        Integer count;

        @Option(names = "--duration", converter = DurationConverter.class, description = "Stop after this long, e.g. 30s")
        Duration duration;

        @Override
        public Integer call() throws Exception {
            if (from != null && since != null) {
                System.err.println("crystal jobs events: give either --from ID or --since now, not both");
                return 2;
            }
            if (since != null && !since.equals("now")) {
                System.err.println("crystal jobs events: --since must be 'now', was '" + since + "'");
                return 2;
            }
            if (from != null && from < 0) {
                System.err.println("crystal jobs events: --from must be an event id (0 or more), was " + from);
                return 2;
            }
            return run(() -> follow(parent.client()));
        }

        private int follow(PlatformClient client) throws Exception {
            String query = from != null ? "?from=" + from : "?since=now";
            HttpResponse<Stream<String>> response = client.openStream("/jobs/queues/" + enc(queue) + "/events" + query);
            if (duration != null) {
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(duration);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                    response.body().close();
                });
            }
            ObjectMapper json = new ObjectMapper();
            PrintStream out = System.out;
            int printed = 0;
            String event = null;
            try (Stream<String> lines = response.body()) {
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:") && event != null && !event.equals("ready")) {
                        JsonNode e = json.readTree(line.substring(5).trim());
                        out.printf("%-20d %-24s %-16s %-24s %s%n", e.get("id").asLong(), e.get("at").asText(),
                                e.get("kind").asText(), e.get("jobId").asText(), json.writeValueAsString(e.get("data")));
                        out.flush();
                        if (count != null && ++printed >= count) {
                            break;
                        }
                    }
                }
            } catch (UncheckedIOException closed) {
                // the duration ended or the platform stopped
            }
            return 0;
        }
    }
}
