package dev.crystal.settlement.workflows.application;

import dev.crystal.settlement.workflows.domain.Observation;
import java.util.List;

/** Storage port of the workflow monitor. Used by the workflows worker's thread only. */
public interface ObservationStore {

    /** Records an observation; returns {@code false} (and changes nothing) if its message id was recorded before. */
    boolean record(Observation observation);

    /**
     * Records several observations in one transaction (one durable commit); repeats are skipped.
     *
     * @return how many were new
     */
    default int recordAll(List<Observation> observations) {
        int stored = 0;
        for (Observation o : observations) {
            stored += record(o) ? 1 : 0;
        }
        return stored;
    }

    /** Every observation recorded under {@code correlationId}, in no particular order. */
    List<Observation> forCorrelation(String correlationId);
}
