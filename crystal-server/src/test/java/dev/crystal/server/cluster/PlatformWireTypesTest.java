package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.catalogue.MessageCatalogue;
import dev.crystal.wire.MessageType;
import org.junit.jupiter.api.Test;

class PlatformWireTypesTest {

    @Test
    void registersCommandsRepliesEventsAndFailures() {
        var registry = PlatformWireTypes.registry();
        assertThat(registry.types()).extracting(MessageType::name)
                .contains("POST_SETTLEMENT", "PROCESS_SETTLEMENT", "POSTED", "CUSTOMER_BALANCE", "SETTLEMENT_PROCESSED",
                        "BALANCE_UPDATED", "REPLY_FAILED", "GET_PROGRESS");
    }

    @Test
    void catalogueNamesAreTheWireNames() {
        var registry = PlatformWireTypes.registry();
        for (var entry : MessageCatalogue.types()) {
            assertThat(registry.requireName(entry.name()).recordClass()).isEqualTo(entry.recordClass());
            assertThat(registry.requireClass(entry.recordClass()).name()).isEqualTo(entry.name());
        }
    }

    @Test
    void everyEventAndCommandHasFieldConstraints() {
        for (MessageType<?> type : PlatformWireTypes.registry().types()) {
            if (!PlatformWireTypes.UNCONSTRAINED.contains(type.recordClass())) {
                assertThat(type.constraints()).as(type.name()).isNotEmpty();
            }
        }
    }

    @Test
    void everyCodecCanCarryEveryType() {
        assertThat(PlatformWireTypes.codecs().registry().types()).hasSizeGreaterThan(40);
    }
}
