package dev.crystal.jobs.sandbox;

import dev.crystal.jobs.JobContext;
import dev.crystal.jobs.JobProcessor;
import java.util.ArrayList;
import java.util.List;

/**
 * A processor for sandbox tests that misbehaves on a job's first attempt according to the job's name:
 * {@code exit} calls {@code System.exit(7)}, {@code oom} fills the heap, {@code hang} sleeps forever,
 * {@code boom} throws; {@code slow} works for {@code data} milliseconds; {@code parent} returns its flow
 * children's values (asked from the parent JVM); anything else reports progress,
 * logs and returns. Later attempts return {@code NAME:recovered}.
 */
public class MisbehavingProcessor implements JobProcessor {
    @Override
    public Object process(JobContext job) throws Exception {
        if (job.attemptsMade() > 0) {
            return job.name() + ":recovered";
        }
        switch (job.name()) {
            case "exit" -> System.exit(7);
            case "oom" -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            }
            case "hang" -> Thread.sleep(Long.MAX_VALUE);
            case "boom" -> throw new IllegalStateException("boom in pid " + ProcessHandle.current().pid());
            case "parent" -> {
                return job.childrenValues().values().stream().sorted().toList();
            }
            case "slow" -> {
                Thread.sleep(job.data(Integer.class));
                return "slow:done";
            }
            default -> {
            }
        }
        System.out.println("printing does not disturb the frames");
        job.updateProgress(50);
        job.log("working on " + job.data(String.class));
        return "echo:" + job.data(String.class) + ":pid" + ProcessHandle.current().pid();
    }
}
