package dev.crystal.runtime;

import java.time.Duration;

/**
 * A snapshot of one worker's health.
 *
 * @param name             worker address name
 * @param state            lifecycle state
 * @param uptime           time since the worker started
 * @param processed        messages handled successfully
 * @param errors           handler failures
 * @param mailboxDepth     messages waiting now
 * @param mailboxCapacity  mailbox bound
 * @param highWaterMark    largest depth seen
 * @param rejected         messages refused because the mailbox was full
 * @param deadLettered     messages sent to the dead letters
 */
public record WorkerHealth(String name, WorkerState state, Duration uptime, long processed, long errors,
                           int mailboxDepth, int mailboxCapacity, int highWaterMark, long rejected,
                           long deadLettered) {

    /** Lifecycle states of a worker. */
    public enum WorkerState { CREATED, RUNNING, DRAINING, STOPPED, FAILED }

    /** A worker is healthy while it runs and its mailbox is not nearly full. */
    public boolean healthy() {
        return state == WorkerState.RUNNING && mailboxDepth < mailboxCapacity * 0.8;
    }
}
