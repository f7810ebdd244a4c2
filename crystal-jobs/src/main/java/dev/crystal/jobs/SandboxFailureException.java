package dev.crystal.jobs;

/**
 * A sandboxed attempt that ended with its child process rather than with the processor's own outcome.
 * The attempt fails (retried by the job's back-off while attempts remain) and the child is replaced; the
 * job's failed reason starts with {@code SandboxFailureException: } and the reason code.
 */
public final class SandboxFailureException extends RuntimeException {
    /** Why the child did not finish the job. A closed set. */
    public enum Reason {
        /** The child process exited (for example the processor called {@code System.exit}, or it crashed). */
        PROCESS_EXITED,
        /** The processor ran out of memory in the child. */
        OUT_OF_MEMORY,
        /** The job ran longer than the sandbox timeout; the child was killed. */
        TIMEOUT
    }

    private final Reason reason;

    /** A failure for {@code reason} with details. */
    public SandboxFailureException(Reason reason, String details) {
        super(reason.name() + ": " + details);
        this.reason = reason;
    }

    /** The reason code. */
    public Reason reason() {
        return reason;
    }
}
