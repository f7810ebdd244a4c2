package dev.crystal.settlement.adjustments.application;

import dev.crystal.settlement.adjustments.domain.Adjustment;
import java.util.List;
import java.util.Optional;

/** Storage port of the adjustments domain. Used by the adjustments worker's thread only. */
public interface AdjustmentStore {

    Optional<Adjustment> find(String adjustmentId);

    void insert(Adjustment adjustment);

    void update(Adjustment adjustment);

    List<Adjustment> posting();
}
