package dev.crystal.settlement.workflows.domain;

/**
 * A workflow file that cannot be used; stops start-up. The message reads
 * {@code <file>:<line>: <problem>}. Immutable.
 */
public final class WorkflowDefinitionException extends RuntimeException {
    private final String source;
    private final int line;
    private final String problem;

    public WorkflowDefinitionException(String source, int line, String problem) {
        this(source, line, problem, null);
    }

    public WorkflowDefinitionException(String source, int line, String problem, Throwable cause) {
        super(source + ":" + line + ": " + problem, cause);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    /** The file (or classpath resource) at fault. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
