package dev.crystal.server.chaos;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the fault table: a fault in a mode, what the load had acknowledged and what the audit found. Immutable.
 *
 * @param fault         the fault's name
 * @param mode          {@code embedded} or {@code cluster}
 * @param result        {@code clean}, {@code NOT CLEAN} (also when nothing was acknowledged), {@code n/a} (the fault cannot apply to the mode) or {@code ERROR}
 * @param acknowledged  operations answered 2xx
 * @param lost          acknowledged but absent
 * @param duplicated    applied twice
 * @param stuck         unfinished after the fault cleared and the grace period
 * @param orphans       postings without their row (or the reverse)
 * @param ledgerSum     sum of every account's balance, in currency units
 * @param accountsOff   accounts whose balance is not the sum of their entries
 * @param notes         why not applicable, the error, the audit's examples, what the fault did
 */
public record FaultRow(String fault, String mode, String result, long acknowledged, long lost, long duplicated,
                       long stuck, long orphans, BigDecimal ledgerSum, long accountsOff, List<String> notes) {
    public static final String CLEAN = "clean";
    public static final String NOT_CLEAN = "NOT CLEAN";
    public static final String NOT_APPLICABLE = "n/a";
    public static final String ERROR = "ERROR";

    public FaultRow {
        notes = List.copyOf(notes);
    }

    static FaultRow audited(Fault fault, ChaosMode mode, long acknowledged, StoreAudit.Result audit, List<String> notes) {
        List<String> all = new ArrayList<>(notes);
        all.addAll(audit.examples());
        if (acknowledged == 0) {
            all.add("nothing was acknowledged: the run shows nothing (see the load line above)");
        }
        return new FaultRow(fault.wireName(), mode.wireName(), audit.clean() && acknowledged > 0 ? CLEAN : NOT_CLEAN,
                acknowledged,
                audit.lost(), audit.duplicated(), audit.stuck(), audit.orphans(),
                BigDecimal.valueOf(audit.ledgerSumMinor(), 2), audit.accountsOff(), all);
    }

    static FaultRow notApplicable(Fault fault, ChaosMode mode, String why) {
        return new FaultRow(fault.wireName(), mode.wireName(), NOT_APPLICABLE, 0, 0, 0, 0, 0, null, 0, List.of(why));
    }

    static FaultRow failed(Fault fault, ChaosMode mode, String error, List<String> notes) {
        List<String> all = new ArrayList<>(notes);
        all.add(error);
        return new FaultRow(fault.wireName(), mode.wireName(), ERROR, 0, 0, 0, 0, 0, null, 0, all);
    }

    /** Clean, or not applicable to its mode: what does not fail the run. */
    public boolean passes() {
        return result.equals(CLEAN) || result.equals(NOT_APPLICABLE);
    }
}
