package dev.crystal.jobs;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states a job moves through, with the explicit table of allowed transitions.
 * Immutable; safe to share between threads.
 */
public enum JobState {
    /** Ready to run, no priority; taken first-in first-out. */
    WAITING("waiting"),
    /** Ready to run with a priority (1 is the highest); taken after unprioritized jobs. */
    PRIORITIZED("prioritized"),
    /** Not ready before its run time (a delay or a retry backoff). */
    DELAYED("delayed"),
    /** Held by a worker under a lock that the worker renews while the processor runs. */
    ACTIVE("active"),
    /** Finished with a return value. Final. */
    COMPLETED("completed"),
    /** Finished without success after its attempts, an unrecoverable error or too many stalls. */
    FAILED("failed"),
    /** A flow parent waiting until each of its children is done. */
    WAITING_CHILDREN("waiting-children");

    private static final Map<JobState, Set<JobState>> ALLOWED = Map.of(
            WAITING, EnumSet.of(ACTIVE),
            PRIORITIZED, EnumSet.of(ACTIVE),
            DELAYED, EnumSet.of(WAITING, PRIORITIZED),
            ACTIVE, EnumSet.of(COMPLETED, FAILED, DELAYED, WAITING, PRIORITIZED),
            COMPLETED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.of(WAITING, PRIORITIZED, WAITING_CHILDREN),
            WAITING_CHILDREN, EnumSet.of(WAITING, PRIORITIZED, DELAYED, FAILED));

    private static final Set<JobState> INITIAL = EnumSet.of(WAITING, PRIORITIZED, DELAYED, WAITING_CHILDREN);

    private final String code;

    JobState(String code) {
        this.code = code;
    }

    /** The stable lower-case name used in stores, URLs and metrics ({@code waiting-children}, ...). */
    public String code() {
        return code;
    }

    /** Whether the transition table allows a job to move from this state to {@code next}. */
    public boolean canMoveTo(JobState next) {
        return ALLOWED.get(this).contains(next);
    }

    /** The states a job may move to from this one. */
    public Set<JobState> next() {
        return Set.copyOf(ALLOWED.get(this));
    }

    /** Whether a new job may start in this state. */
    public boolean isInitial() {
        return INITIAL.contains(this);
    }

    /** Whether the job is done (completed or failed). */
    public boolean isFinished() {
        return this == COMPLETED || this == FAILED;
    }

    /** The state for a stable code; a clear error for an unknown one. */
    public static JobState ofCode(String code) {
        for (JobState state : values()) {
            if (state.code.equals(code)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown job state '" + code + "'; known: waiting, prioritized, "
                + "delayed, active, completed, failed, waiting-children");
    }

    /** The ready state for a priority: {@link #WAITING} for 0, else {@link #PRIORITIZED}. */
    public static JobState readyFor(int priority) {
        return priority > 0 ? PRIORITIZED : WAITING;
    }
}
