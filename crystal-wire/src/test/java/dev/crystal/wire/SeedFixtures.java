package dev.crystal.wire;

import dev.crystal.wire.fixtures.SeedMessages;
import dev.crystal.wire.sample.SampleMessages;
import java.util.List;

/** One valid instance of every registered test type. */
final class SeedFixtures {
    private SeedFixtures() {
    }

    static List<Object> all() {
        return List.of(SeedMessages.settlementUpdate(), SeedMessages.settlementProcessed(),
                SeedMessages.settlementFailed(), SeedMessages.commissionCalculated(),
                SeedMessages.distributionProcessed(), SeedMessages.bonusIssued(), SeedMessages.bonusRedeemed(),
                SampleMessages.seed(), SampleMessages.large());
    }
}
