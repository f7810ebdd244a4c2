package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpsReplayTest {
    @Test
    void aNewDashboardIsSentOnlyTheNewestViewsThatFitTheReplayBudget() {
        List<String> history = new ArrayList<>();
        for (int i = 0; i < OpsMonitor.HISTORY; i++) {
            history.add(i + ":" + "v".repeat(6_998 - String.valueOf(i).length())); // ~7 KB each, ~0.8 MB in all
        }
        List<String> replay = OpsMonitor.replay(history, 128 * 1024);
        assertThat(replay).hasSize(18);
        assertThat(replay.get(replay.size() - 1)).startsWith((OpsMonitor.HISTORY - 1) + ":");
        assertThat(replay.stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(128 * 1024);
        assertThat(OpsMonitor.replay(history, 0)).isEmpty();
        assertThat(OpsMonitor.replay(List.of("a", "b"), 1_000)).containsExactly("a", "b");
    }
}
