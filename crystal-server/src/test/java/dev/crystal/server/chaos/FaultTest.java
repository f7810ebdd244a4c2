package dev.crystal.server.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing faults and modes, and how a run is reported. */
class FaultTest {

    @Test
    void faultNamesAreParsedInOrderWithoutRepeatsAndAllMeansEveryFault() {
        assertThat(Fault.parse("sigterm, sigkill,sigterm")).containsExactly(Fault.SIGTERM, Fault.SIGKILL);
        assertThat(Fault.parse("all")).containsExactly(Fault.values());
        assertThatThrownBy(() -> Fault.parse("sigkil")).hasMessageContaining("unknown fault 'sigkil'")
                .hasMessageContaining("sigkill-no-restart");
    }

    @Test
    void faultsWithoutMeaningInEmbeddedModeSayWhyAndEveryFaultAppliesToACluster() {
        assertThat(Fault.REDIS_STOP.notApplicableIn(ChaosMode.EMBEDDED)).hasValue("embedded mode uses no Redis");
        assertThat(Fault.SIGKILL_NO_RESTART.notApplicableIn(ChaosMode.EMBEDDED)).isPresent();
        assertThat(Fault.SIGKILL.notApplicableIn(ChaosMode.EMBEDDED)).isEmpty();
        for (Fault f : Fault.values()) {
            assertThat(f.notApplicableIn(ChaosMode.CLUSTER)).as(f.wireName()).isEmpty();
        }
    }

    @Test
    void aFaultThatCannotApplyIsListedAsSuchWithoutStartingAnything() {
        ChaosSettings settings = settings(Duration.ofSeconds(10), 50);
        FaultRow row = new ChaosRun(settings, System.err).run(Fault.REDIS_STOP, ChaosMode.EMBEDDED);

        assertThat(row.result()).isEqualTo(FaultRow.NOT_APPLICABLE);
        assertThat(row.passes()).isTrue();
        assertThat(row.notes()).containsExactly("embedded mode uses no Redis");
    }

    @Test
    void badSettingsAreRefusedWithTheOptionNamed() {
        assertThatThrownBy(() -> settings(Duration.ofSeconds(2), 50)).hasMessageStartingWith("--duration must be 5s..1h");
        assertThatThrownBy(() -> settings(Duration.ofSeconds(10), 0)).hasMessageStartingWith("--rate must be 1..5000");
    }

    @Test
    void theTableHasOneRowPerFaultAndTheReportIsCleanOnlyWhenEveryRowIs() {
        FaultRow clean = new FaultRow("sigkill", "embedded", FaultRow.CLEAN, 120, 0, 0, 0, 0, new BigDecimal("0.00"), 0,
                List.of());
        FaultRow lost = new FaultRow("redis-stop-no-persistence", "cluster", FaultRow.NOT_CLEAN, 80, 30, 0, 2, 0,
                new BigDecimal("0.00"), 0, List.of("lost: payout X answered 202 but absent"));
        FaultRow na = FaultRow.notApplicable(Fault.REDIS_STOP, ChaosMode.EMBEDDED, "embedded mode uses no Redis");

        ChaosReport passing = new ChaosReport(Instant.EPOCH, Instant.EPOCH, "10s", 50, "1.00 1.00 1.00", List.of(clean, na));
        ChaosReport failing = new ChaosReport(Instant.EPOCH, Instant.EPOCH, "10s", 50, "1.00 1.00 1.00", List.of(clean, lost));

        assertThat(passing.clean()).isTrue();
        assertThat(failing.clean()).isFalse();
        assertThat(failing.table().lines().toList().get(0))
                .isEqualTo("fault                      mode      acknowledged  lost  duplicated  stuck  orphans"
                        + "  ledger sum  accounts off  result");
        assertThat(failing.table()).contains("redis-stop-no-persistence  cluster             80    30           0"
                + "      2        0        0.00             0  NOT CLEAN")
                .contains("  lost: payout X answered 202 but absent").contains("NOT ALL CLEAN");
        assertThat(passing.table()).containsPattern("redis-stop  embedded +- .* n/a").contains("all clean");
    }

    private static ChaosSettings settings(Duration duration, double rate) {
        return new ChaosSettings(List.of(ChaosMode.EMBEDDED), List.of(Fault.SIGKILL), duration, rate,
                Duration.ofSeconds(30), Path.of("target/chaos"), 0, 0, "redis-server",
                "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", false);
    }
}
