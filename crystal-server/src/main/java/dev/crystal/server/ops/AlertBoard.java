package dev.crystal.server.ops;

import java.util.List;

/** Alerts active now (oldest first) and those resolved recently (newest first). Immutable. */
public record AlertBoard(List<Alert> active, List<Alert> resolved) {
    public static final AlertBoard EMPTY = new AlertBoard(List.of(), List.of());

    public AlertBoard {
        active = List.copyOf(active);
        resolved = List.copyOf(resolved);
    }
}
