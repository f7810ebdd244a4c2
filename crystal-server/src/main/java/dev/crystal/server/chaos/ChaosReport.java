package dev.crystal.server.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a {@code crystal chaos} invocation: one row per fault and mode, when it ran and the machine's load
 * average at the end. Immutable.
 *
 * @param startedAt   when the run began
 * @param finishedAt  when it ended
 * @param duration    the load's duration per fault, e.g. {@code 60s}
 * @param rate        the load's rate, requests per second
 * @param loadAverage {@code /proc/loadavg}'s first three fields at the end, or {@code unknown}
 * @param rows        one per fault and mode, in the order run
 */
public record ChaosReport(Instant startedAt, Instant finishedAt, String duration, double rate, String loadAverage,
                          List<FaultRow> rows) {
    private static final String[] HEADER = {"fault", "mode", "acknowledged", "lost", "duplicated", "stuck", "orphans",
            "ledger sum", "accounts off", "result"};

    public ChaosReport {
        rows = List.copyOf(rows);
    }

    /** True when every row is clean or not applicable to its mode. */
    public boolean clean() {
        return rows.stream().allMatch(FaultRow::passes);
    }

    /** The fault table, then each row's notes (why not applicable, what the fault did, what the audit found). */
    public String table() {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        for (FaultRow r : rows) {
            boolean counted = r.result().equals(FaultRow.CLEAN) || r.result().equals(FaultRow.NOT_CLEAN);
            lines.add(new String[] {r.fault(), r.mode(), counted ? Long.toString(r.acknowledged()) : "-",
                    counted ? Long.toString(r.lost()) : "-", counted ? Long.toString(r.duplicated()) : "-",
                    counted ? Long.toString(r.stuck()) : "-", counted ? Long.toString(r.orphans()) : "-",
                    counted ? r.ledgerSum().toPlainString() : "-", counted ? Long.toString(r.accountsOff()) : "-",
                    r.result()});
        }
        int[] widths = new int[HEADER.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < lines.size(); l++) {
            String[] line = lines.get(l);
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                boolean number = i >= 2 && i < line.length - 1;
                String cell = number ? " ".repeat(widths[i] - line[i].length()) + line[i]
                        : line[i] + " ".repeat(widths[i] - line[i].length());
                row.append(i == 0 ? "" : "  ").append(cell);
            }
            out.append(row.toString().stripTrailing()).append('\n');
            if (l == 0) {
                int total = 0;
                for (int w : widths) {
                    total += w + 2;
                }
                out.append("-".repeat(total - 2)).append('\n');
            }
        }
        out.append('\n');
        for (FaultRow r : rows) {
            if (!r.notes().isEmpty()) {
                out.append(r.fault()).append(" / ").append(r.mode()).append(":\n");
                r.notes().forEach(n -> out.append("  ").append(n).append('\n'));
            }
        }
        out.append(String.format(Locale.ROOT, "%d row(s), %s; load %s at %.0f req/s per fault; load average %s%n",
                rows.size(), clean() ? "all clean" : "NOT ALL CLEAN", duration, rate, loadAverage));
        return out.toString();
    }
}
