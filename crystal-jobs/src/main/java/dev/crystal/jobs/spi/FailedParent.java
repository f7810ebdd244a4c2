package dev.crystal.jobs.spi;

import dev.crystal.jobs.JobRef;

/**
 * A flow parent that failed because a child failed under {@code FAIL_PARENT}. Immutable.
 *
 * @param parent the parent that failed
 * @param reason its failure reason ({@code child q:id failed: ...})
 */
public record FailedParent(JobRef parent, String reason) {
}
