package dev.crystal.jobs;

/**
 * What a flow child's final failure does to its parent. Set on the child's {@link JobOptions}.
 */
public enum ChildFailurePolicy {
    /** The parent fails at once (and its own policy applies upwards). The default. */
    FAIL_PARENT,
    /** The failure counts as done for the parent; the parent runs when its other children are done. */
    IGNORE,
    /** The parent stays in waiting-children until the child is retried and completes. */
    KEEP_PARENT_WAITING
}
