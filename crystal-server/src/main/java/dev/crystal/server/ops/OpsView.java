package dev.crystal.server.ops;

import java.util.List;

/**
 * Everything the dashboard shows at one instant: figures, alerts and recommendations. Immutable.
 *
 * @param recommendations derived from the sliding window
 */
public record OpsView(OpsSnapshot snapshot, AlertBoard alerts, List<String> recommendations) {
    public OpsView {
        recommendations = List.copyOf(recommendations);
    }
}
