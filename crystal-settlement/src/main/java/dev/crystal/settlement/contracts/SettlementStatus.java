package dev.crystal.settlement.contracts;

import java.util.Locale;

/** Where a settlement stands. PENDING settlements are finished after a restart. */
public enum SettlementStatus {
    PENDING, COMPLETED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
