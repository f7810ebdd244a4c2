package dev.crystal.settlement.workflows.application;

import dev.crystal.settlement.workflows.domain.Observation;
import java.util.List;

/** Storage port of the workflow monitor. Used by the workflows worker's thread only. */
public interface ObservationStore {

    /** Records an observation; returns {@code false} (and changes nothing) if its message id was recorded before. */
    boolean record(Observation observation);

    /** Every observation recorded under {@code correlationId}, in no particular order. */
    List<Observation> forCorrelation(String correlationId);
}
