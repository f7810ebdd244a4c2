package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.cluster.ClusterNode;
import dev.crystal.cluster.ForwardBatching;
import dev.crystal.runtime.Address;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.testsupport.InMemoryTransport;
import dev.crystal.wire.BatchingFlag;
import dev.crystal.wire.FlagScope;
import dev.crystal.wire.WireFlags;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The platform's wire rules in cluster mode: a platform message that breaks its field constraints is not forwarded
 * to another node (refused naming the field); the forwarders batch as the wire flags say, by domain.
 */
class ClusterWireTest {
    private final Transport transport = new InMemoryTransport(InstantSource.system(), 100);
    private final WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("forwarder-validation"));

    @AfterEach
    void stop() {
        runtime.shutdownNow();
        transport.close();
    }

    @Test
    void anInvalidCommandIsDeadLetteredWithItsFieldAndNeverReachesTheStream() throws Exception {
        Address<BalanceCommand> balance = Address.of("balance", BalanceCommand.class);
        ClusterNode node = new ClusterNode(runtime, transport, stream -> null, "me", List.<Address<?>>of(balance),
                Duration.ofMinutes(1), Duration.ofSeconds(1), ClusterWire.check(), null);
        TransportReceiver receiver = transport.openReceiver(ClusterNode.streamOf("balance"), "balance", "c");
        runtime.start();

        Reply<BalanceReply.Posting> reply = runtime.request(balance, new BalanceCommand.PostSettlement("S-1", " ",
                SettlementType.PAYOUT, Money.of("5.00")), "corr-1", Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(reply).isInstanceOfSatisfying(Reply.Failure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
            assertThat(failure.detail()).contains("INVALID_MESSAGE").contains("customerId: must not be blank");
        });
        assertThat(runtime.deadLetters().open()).singleElement().satisfies(letter -> {
            assertThat(letter.envelope().type()).isEqualTo("POST_SETTLEMENT");
            assertThat(letter.reason()).contains("customerId: must not be blank");
        });
        assertThat(receiver.poll(10)).isEmpty();
        node.close();
    }

    @Test
    void forwardersBatchWhereTheWireFlagsTurnBatchingOnForTheDomain() {
        WireFlags flags = WireFlags.defaults();
        flags.setBatching(FlagScope.domain("balance"), new BatchingFlag(true, 7, Duration.ofMillis(9), 100),
                "test");
        ForwardBatching batching = ClusterWire.batching(flags);

        assertThat(batching.batchOf("collections", "domain.balance", "corr-1"))
                .isEqualTo(new ForwardBatching.Batch(7, Duration.ofMillis(9)));
        assertThat(batching.batchOf("collections", "domain.freeplay", "corr-1")).isNull();
        assertThat(ClusterWire.batching(null)).isNull();
    }
}
