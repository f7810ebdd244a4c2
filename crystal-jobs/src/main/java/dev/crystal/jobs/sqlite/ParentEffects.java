package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.spi.FailedParent;
import java.util.ArrayList;
import java.util.List;

/**
 * What finishing one job did to its flow ancestors: parents made ready, parents failed. Owned by the
 * writer thread for one outcome.
 */
final class ParentEffects {
    final List<JobRef> readied = new ArrayList<>();
    final List<FailedParent> failed = new ArrayList<>();
}
