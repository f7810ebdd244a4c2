package dev.crystal.server.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoadPlanTest {
    static final OperationMix MIX = OperationMix.parse(OperationMix.DEFAULT);

    @Test
    void onlyLoopbackTargetsAreAccepted() {
        assertThat(LoadPlan.of(URI.create("http://localhost:8080"), 10, Duration.ofSeconds(1), MIX).maxRequests())
                .isEqualTo(10);
        assertThat(LoadPlan.of(URI.create("http://127.0.0.2:9"), 10, Duration.ofSeconds(1), MIX)).isNotNull();
        assertThat(LoadPlan.of(URI.create("http://[::1]:8080"), 10, Duration.ofSeconds(1), MIX)).isNotNull();
        for (String target : List.of("http://10.0.0.1:8080", "http://192.168.1.10", "http://8.8.8.8")) {
            assertThatThrownBy(() -> LoadPlan.of(URI.create(target), 10, Duration.ofSeconds(1), MIX))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only targets loopback");
        }
        assertThatThrownBy(() -> LoadPlan.of(URI.create("ftp://localhost/"), 10, Duration.ofSeconds(1), MIX))
                .hasMessageContaining("http://");
    }

    @Test
    void runsAreBoundedInRateTimeAndCount() {
        URI local = URI.create("http://localhost:8080");
        assertThatThrownBy(() -> LoadPlan.of(local, 0, Duration.ofSeconds(1), MIX)).hasMessageContaining("rate");
        assertThatThrownBy(() -> LoadPlan.of(local, 100_000, Duration.ofSeconds(1), MIX)).hasMessageContaining("rate");
        assertThatThrownBy(() -> LoadPlan.of(local, 10, Duration.ofHours(2), MIX)).hasMessageContaining("1h");
        assertThat(LoadPlan.of(local, 2000, Duration.ofSeconds(30), MIX).maxRequests()).isEqualTo(60_000);
    }

    @Test
    void mixParsesWeightsAndRefusesNonsense() {
        OperationMix mix = OperationMix.parse("payout=3, collection=1,overdraft=0");
        assertThat(mix.kinds()).containsExactly(OperationKind.PAYOUT, OperationKind.COLLECTION);
        assertThat(mix.toString()).isEqualTo("payout=3,collection=1");
        assertThatThrownBy(() -> OperationMix.parse("jackpot=1")).hasMessageContaining("unknown operation 'jackpot'");
        assertThatThrownBy(() -> OperationMix.parse("payout")).hasMessageContaining("kind=weight");
        assertThatThrownBy(() -> OperationMix.parse("payout=x")).hasMessageContaining("integer");
        assertThatThrownBy(() -> OperationMix.parse("payout=0")).hasMessageContaining("at least one");
        assertThatThrownBy(() -> OperationMix.parse("payout=1,payout=2")).hasMessageContaining("twice");
        assertThat(MIX.without(List.of(OperationKind.BONUS, OperationKind.REDEMPTION)).kinds())
                .doesNotContain(OperationKind.BONUS, OperationKind.REDEMPTION);
    }

    @Test
    void picksFollowTheWeights() {
        OperationMix mix = OperationMix.parse("payout=3,collection=1");
        Map<OperationKind, Integer> counts = new EnumMap<>(OperationKind.class);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 40_000; i++) {
            counts.merge(mix.pick(random.nextDouble()), 1, Integer::sum);
        }
        assertThat(counts.get(OperationKind.PAYOUT)).isBetween(29_000, 31_000);
        assertThat(counts.get(OperationKind.COLLECTION)).isBetween(9_000, 11_000);
    }
}
