package dev.crystal.settlement.contracts;

/** Where a settlement stands. PENDING settlements are finished after a restart. */
public enum SettlementStatus {
    PENDING, COMPLETED, FAILED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
