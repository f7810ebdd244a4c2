package dev.crystal.redis.jobs;

import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobView;
import dev.crystal.jobs.QueueCounts;
import dev.crystal.jobs.spi.JobInspector;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Redis {@link JobInspector}: each view is one read-only script, so it sees one consistent state. Stateless. */
final class RedisInspector implements JobInspector {
    private static final List<JobState> SCRIPT_STATE_ORDER = List.of(JobState.WAITING, JobState.PRIORITIZED,
            JobState.DELAYED, JobState.ACTIVE, JobState.COMPLETED, JobState.FAILED, JobState.WAITING_CHILDREN);
    private final LuaScripts scripts;

    RedisInspector(LuaScripts scripts) {
        this.scripts = scripts;
    }

    @Override
    public Optional<JobView> job(String queue, String id) {
        ReplyCursor reply = scripts.list("job", List.of(queue, id));
        return reply.hasMore() ? Optional.of(JobViews.read(queue, reply)) : Optional.empty();
    }

    @Override
    public List<String> logs(String queue, String id) {
        ReplyCursor reply = scripts.list("logs", List.of(queue, id));
        List<String> lines = new ArrayList<>();
        while (reply.hasMore()) {
            lines.add(reply.text());
        }
        return lines;
    }

    @Override
    public QueueCounts counts(String queue) {
        ReplyCursor reply = scripts.list("counts", List.of(queue));
        Map<JobState, Long> byState = new EnumMap<>(JobState.class);
        for (JobState state : SCRIPT_STATE_ORDER) {
            byState.put(state, reply.number());
        }
        return new QueueCounts(queue, byState, reply.integer() == 1);
    }

    /** Ready and delayed jobs come in run order; the others newest first. */
    @Override
    public List<JobView> list(String queue, JobState state, int offset, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        boolean runOrder = state == JobState.WAITING || state == JobState.PRIORITIZED || state == JobState.DELAYED;
        ReplyCursor reply = scripts.list("list", List.of(queue, state.code(), Integer.toString(Math.max(0, offset)),
                Integer.toString(limit), runOrder ? "0" : "1"));
        return JobViews.readAll(queue, reply);
    }

    @Override
    public Map<JobRef, String> childrenValues(String queue, String parentId) {
        ReplyCursor reply = scripts.list("children_values", List.of(queue, parentId));
        Map<JobRef, String> values = new LinkedHashMap<>();
        while (reply.hasMore()) {
            String[] child = reply.text().split("\t", 2);
            values.put(new JobRef(child[0], child[1]), reply.text());
        }
        return values;
    }

    @Override
    public List<String> queueNames() {
        ReplyCursor reply = scripts.list("queue_names", List.of());
        List<String> names = new ArrayList<>();
        while (reply.hasMore()) {
            names.add(reply.text());
        }
        names.sort(null);
        return names;
    }
}
