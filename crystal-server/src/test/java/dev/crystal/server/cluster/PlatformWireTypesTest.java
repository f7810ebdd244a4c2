package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.wire.MessageType;
import org.junit.jupiter.api.Test;

class PlatformWireTypesTest {

    @Test
    void registersCommandsRepliesEventsAndFailures() {
        var registry = PlatformWireTypes.registry();
        assertThat(registry.types()).extracting(MessageType::name)
                .contains("PostSettlement", "ProcessSettlement", "Posted", "CustomerBalance", "SettlementProcessed",
                        "BalanceUpdated", "ReplyFailed", "GetProgress");
    }

    @Test
    void everyCodecCanCarryEveryType() {
        assertThat(PlatformWireTypes.codecs().registry().types()).hasSizeGreaterThan(40);
    }
}
