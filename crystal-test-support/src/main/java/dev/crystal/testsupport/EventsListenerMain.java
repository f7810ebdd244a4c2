package dev.crystal.testsupport;

import dev.crystal.jobs.JobStores;
import dev.crystal.jobs.QueueEvent;
import dev.crystal.jobs.QueueEvents;
import dev.crystal.jobs.spi.JobEventLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A second process that follows a queue's events without running an engine: prints {@code ready} once it
 * is listening (from "now"), then one line {@code id kind jobId} per event until {@code count} events were
 * printed. Args: {@code sqlite FILE QUEUE COUNT}. Other modules call {@link #follow} with their own log;
 * {@link CrossProcessEvents} starts it and reads what it prints.
 */
public final class EventsListenerMain {
    private EventsListenerMain() {
    }

    /** Follows the SQLite job database {@code args[1]}, read-only. */
    public static void main(String[] args) throws Exception {
        try (JobStores.ReadOnlyEvents log = JobStores.sqliteEvents(Path.of(args[1]))) {
            follow(log, args[2], Integer.parseInt(args[3]));
        }
    }

    /** Prints {@code ready}, then {@code count} events of {@code queue} after now, one per line. */
    public static void follow(JobEventLog log, String queue, int count) throws InterruptedException {
        QueueEvents events = QueueEvents.of(log);
        long after = events.lastId(queue);
        System.out.println("ready " + after);
        System.out.flush();
        int printed = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (printed < count && System.nanoTime() < deadline) {
            List<QueueEvent> batch = events.read(queue, after, count - printed, Duration.ofSeconds(1));
            for (QueueEvent event : batch) {
                System.out.println(event.id() + " " + event.kind().code() + " " + event.jobId());
                after = event.id();
                printed++;
            }
            System.out.flush();
        }
    }
}
