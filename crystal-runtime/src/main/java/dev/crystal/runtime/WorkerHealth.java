package dev.crystal.runtime;

import java.time.Duration;
import java.util.Comparator;

/**
 * A snapshot of one worker's health.
 *
 * @param name             worker address name (partitions are named {@code name#index})
 * @param state            lifecycle state
 * @param uptime           time since the worker started
 * @param processed        messages handled successfully
 * @param errors           handler failures
 * @param mailboxDepth     messages waiting now
 * @param mailboxCapacity  mailbox bound
 * @param highWaterMark    largest depth seen
 * @param rejected         messages refused because the mailbox was full
 * @param deadLettered     messages sent to the dead letters
 * @param restarts         times the worker thread was restarted after a crash
 * @param stuck            {@code true} while a handler has been running longer than the stuck threshold
 */
public record WorkerHealth(String name, WorkerState state, Duration uptime, long processed, long errors,
                           int mailboxDepth, int mailboxCapacity, int highWaterMark, long rejected,
                           long deadLettered, long restarts, boolean stuck) {

    /**
     * Lifecycle states of a worker. {@code RESTARTING}: it crashed and waits for its restart (back-off); messages
     * sent meanwhile wait in its mailbox.
     */
    public enum WorkerState { CREATED, RUNNING, RESTARTING, DRAINING, STOPPED, FAILED }

    /** Orders a worker that is not running first, then the fuller mailbox (relative to its capacity). */
    public static final Comparator<WorkerHealth> WORST_FIRST = Comparator
            .comparing((WorkerHealth h) -> h.state() == WorkerState.RUNNING)
            .thenComparing(h -> -(double) h.mailboxDepth() / Math.max(1, h.mailboxCapacity()));

    /** Whether its mailbox holds as many messages as it may (a new one would wait or be refused). */
    public boolean mailboxFull() {
        return mailboxDepth >= mailboxCapacity;
    }

    /** A worker is healthy while it runs, is not stuck and its mailbox is not nearly full. */
    public boolean healthy() {
        return state == WorkerState.RUNNING && !stuck && mailboxDepth < mailboxCapacity * 0.8;
    }
}
