package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A platform message that breaks its field constraints is not forwarded to another node: refused naming the field. */
class RemoteForwarderValidationTest {
    private final Transport transport = Transport.inMemory(InstantSource.system(), 100);
    private final WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("forwarder-validation"));

    @AfterEach
    void stop() {
        runtime.shutdownNow();
        transport.close();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void anInvalidCommandIsDeadLetteredWithItsFieldAndNeverReachesTheStream() throws Exception {
        Address<BalanceCommand> balance = Address.of("balance", BalanceCommand.class);
        runtime.register((Address) balance, (Worker) new RemoteForwarder(transport, "balance", "replies.me",
                new PendingReplies(Duration.ofMinutes(1))));
        TransportReceiver receiver = transport.openReceiver("balance", "balance", "c");
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
    }
}
