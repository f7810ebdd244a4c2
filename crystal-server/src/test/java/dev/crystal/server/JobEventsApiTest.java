package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.WorkerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue's events over HTTP (SSE {@code GET /jobs/queues/{queue}/events}) and {@code crystal jobs events}
 * run as a second JVM: the jobs processed by the platform arrive there, one line per event, in order.
 */
@Timeout(120)
class JobEventsApiTest {
    @TempDir
    Path dataDir;
    CrystalServer server;
    ApiClient api;
    Jobs jobs;

    @BeforeEach
    void start() {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir));
        api = new ApiClient(server);
        jobs = server.platform().jobs();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Tag("system")
    @Test
    void crystalJobsEventsInAnotherJvmPrintsEachJobsLifeInOrder() throws Exception {
        jobs.queue("newsletter").add("before", 0, JobOptions.builder().jobId("before").build());
        jobs.queue("newsletter").remove("before");
        long from = jobs.queueEvents().lastId("newsletter") + 1;
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process cli = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp", classpath,
                "dev.crystal.server.cli.CrystalCommand", "jobs", "events", "newsletter",
                "--url", "http://127.0.0.1:" + server.port(), "--data-dir", dataDir.toString(), "--from", Long.toString(from), "--count", "12", "--duration", "60s"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ids.add(jobs.queue("newsletter").add("issue", i, JobOptions.builder().attempts(2).build()).id());
        }
        jobs.worker("newsletter", job -> {
            if (job.attemptsMade() == 0 && job.data(Integer.class) == 1) {
                throw new IllegalStateException("smtp busy");
            }
            return "sent";
        }, WorkerOptions.builder().pollInterval(Duration.ofMillis(10)).build());
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        }
        assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).isZero();
        assertThat(lines).hasSize(12).noneMatch(l -> l.contains(" before "));
        assertThat(kindsOf(lines, ids.get(0))).containsExactly("added", "waiting", "active", "completed");
        assertThat(kindsOf(lines, ids.get(1))).containsExactly("added", "waiting", "active", "failed", "retrying",
                "waiting", "active", "completed");
        assertThat(lines).filteredOn(l -> l.contains(" failed ")).singleElement()
                .satisfies(l -> assertThat(l).contains("smtp busy"));
        long previous = 0;
        for (String line : lines) {
            long id = Long.parseLong(line.split("\\s+")[0]);
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
    }

    private static List<String> kindsOf(List<String> lines, String jobId) {
        return lines.stream().map(l -> l.split("\\s+")).filter(p -> p[3].equals(jobId)).map(p -> p[2]).toList();
    }

    @Test
    void theEventStreamSendsReadyThenOneSseEventPerQueueEvent() throws Exception {
        String id = jobs.queue("receipts").add("print", 1).id();
        HttpResponse<Stream<String>> response = api.stream("/jobs/queues/receipts/events?from=0");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> names = new ArrayList<>();
        JsonNode waiting = null;
        String waitingId = null;
        String lastId = null;
        ObjectMapper json = new ObjectMapper();
        closeAfter(response, Duration.ofSeconds(30));
        try (Stream<String> lines = response.body()) {
            for (Iterator<String> it = lines.iterator(); it.hasNext() && waiting == null; ) {
                String line = it.next();
                if (line.startsWith("id:")) {
                    lastId = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    names.add(line.substring(6).trim());
                } else if (line.startsWith("data:") && names.getLast().equals("waiting")) {
                    waiting = json.readTree(line.substring(5).trim());
                    waitingId = lastId;
                }
            }
        }
        assertThat(names).containsExactly("ready", "added", "waiting");
        assertThat(waiting.get("jobId").asText()).isEqualTo(id);
        assertThat(waiting.get("queue").asText()).isEqualTo("receipts");
        assertThat(waiting.get("kind").asText()).isEqualTo("waiting");
        assertThat(waiting.get("id").asText()).isEqualTo(waitingId);
        assertThat(waiting.get("at").asText()).isNotBlank();
    }

    /** Ends the stream after {@code limit}, so a missing event fails the test instead of hanging it. */
    private static void closeAfter(HttpResponse<Stream<String>> response, Duration limit) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(limit);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            response.body().close();
        });
    }

    /** The SSE events (name and job id) after the {@code ready} event, until {@code count} were read. */
    private static List<String> sseEvents(HttpResponse<Stream<String>> response, int count, Runnable onReady)
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> events = new ArrayList<>();
        String name = null;
        closeAfter(response, Duration.ofSeconds(30));
        try (Stream<String> lines = response.body()) {
            for (Iterator<String> it = lines.iterator(); it.hasNext() && events.size() < count; ) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:") && "ready".equals(name)) {
                    onReady.run();
                } else if (line.startsWith("data:")) {
                    events.add(name + " " + json.readTree(line.substring(5).trim()).get("jobId").asText());
                }
            }
        }
        return events;
    }

    @Test
    void sinceNowStreamsOnlyLaterEventsAndLastEventIdResumes() throws Exception {
        String first = jobs.queue("receipts").add("print", 1).id();
        List<String> later = new ArrayList<>();
        List<String> seen = sseEvents(api.stream("/jobs/queues/receipts/events?since=now"), 2,
                () -> later.add(jobs.queue("receipts").add("print", 2).id()));
        assertThat(seen).containsExactly("added " + later.getFirst(), "waiting " + later.getFirst());

        long addedOfFirst = jobs.queueEvents().read("receipts", 0, 1, Duration.ZERO).getFirst().id();
        List<String> resumed = sseEvents(api.stream("/jobs/queues/receipts/events", "Last-Event-ID",
                Long.toString(addedOfFirst)), 3, () -> { });
        assertThat(resumed).containsExactly("waiting " + first, "added " + later.getFirst(),
                "waiting " + later.getFirst());
    }

    @Test
    void badStartsAndUnknownQueuesAreClearErrors() {
        jobs.queue("receipts").add("print", 1);
        ApiClient.Response unknown = api.get("/jobs/queues/nope/events");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").asText()).isEqualTo("QUEUE_NOT_FOUND");
        ApiClient.Response badFrom = api.get("/jobs/queues/receipts/events?from=yesterday");
        assertThat(badFrom.status()).isEqualTo(400);
        assertThat(badFrom.body().get("field").asText()).isEqualTo("from");
        ApiClient.Response badSince = api.get("/jobs/queues/receipts/events?since=yesterday");
        assertThat(badSince.status()).isEqualTo(400);
        assertThat(badSince.body().get("field").asText()).isEqualTo("since");
        assertThat(api.get("/jobs/queues/receipts/events?from=1&since=now").status()).isEqualTo(400);
    }
}
