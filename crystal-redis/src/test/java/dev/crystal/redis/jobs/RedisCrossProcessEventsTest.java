package dev.crystal.redis.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.redis.RedisTestKeys;
import dev.crystal.testsupport.CrossProcessEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A second JVM follows a queue's Redis stream while this JVM processes jobs: every life arrives in order. */
@Tag("system")
@Timeout(90)
class RedisCrossProcessEventsTest {
    private static final String URI = System.getProperty("crystal.redis.uri", "redis://127.0.0.1:6379");

    @RegisterExtension
    final RedisTestKeys keys = RedisJobKeys.cleaner();

    @Test
    void anotherJvmOnTheSameRedisSeesEveryJobsLifeInOrder() throws Exception {
        try (RedisJobStore store = RedisJobStore.open(URI, keys.prefix());
             Jobs jobs = Jobs.open(store, JobsConfig.defaults())) {
            jobs.queue("mail").remove(jobs.queue("mail").add("before-the-listener", 0,
                    JobOptions.builder().jobId("before").build()).id());
            Process listener = CrossProcessEvents.startJvm(RedisEventsListenerMain.class, URI, keys.prefix(),
                    "mail", "15");
            List<String> ids = new ArrayList<>();
            List<String> lines = CrossProcessEvents.eventLines(listener, () -> {
                for (int i = 0; i < 3; i++) {
                    ids.add(jobs.queue("mail").add("welcome", i).id());
                }
                jobs.worker("mail", job -> {
                    job.updateProgress(50);
                    return "sent";
                }, WorkerOptions.builder().pollInterval(Duration.ofMillis(10)).build());
            });
            assertThat(lines).hasSize(15).noneMatch(l -> l.endsWith(" before"));
            CrossProcessEvents.assertLives(lines, ids);
        }
    }
}
