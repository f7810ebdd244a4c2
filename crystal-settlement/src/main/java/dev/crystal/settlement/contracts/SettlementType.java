package dev.crystal.settlement.contracts;

import java.util.Arrays;
import java.util.Optional;

/** Which way a settlement moves money. */
public enum SettlementType {
    /** The house pays the customer (a winning bet): the customer's balance goes up. */
    PAYOUT("payout"),
    /** The customer pays the house (a losing bet, a fee): the customer's balance goes down. */
    COLLECTION("collection");

    private final String wireName;

    SettlementType(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in JSON and YAML. */
    public String wireName() {
        return wireName;
    }

    public static Optional<SettlementType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
