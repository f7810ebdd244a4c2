package dev.crystal.settlement.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.Address;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceUpdated;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.SettlementProcessed;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCatalogueTest {

    @Test
    void everyDomainEventRecordIsCatalogued() {
        List<Class<?>> permitted = Arrays.asList(DomainEvent.class.getPermittedSubclasses());
        List<Class<?>> catalogued = MessageCatalogue.types().stream().<Class<?>>map(MessageType::recordClass).toList();
        assertThat(catalogued).containsExactlyInAnyOrderElementsOf(permitted);
        assertThat(MessageCatalogue.types()).extracting(MessageType::name).containsExactly(
                "SETTLEMENT_UPDATE", "SETTLEMENT_PROCESSED", "SETTLEMENT_FAILED", "BALANCE_UPDATED",
                "COMMISSION_CALCULATED", "DISTRIBUTION_PROCESSED", "BONUS_ISSUED", "BONUS_REDEEMED", "BONUS_EXPIRED",
                "ADJUSTMENT_POSTED", "SECURITY_ALERT", "NOTICE_SENT");
    }

    @Test
    void looksTypesUpByNameFileNameAndClass() {
        MessageType processed = MessageCatalogue.byName("SETTLEMENT_PROCESSED").orElseThrow();
        assertThat(processed.recordClass()).isEqualTo(SettlementProcessed.class);
        assertThat(processed.domain()).isEqualTo("collections");
        assertThat(MessageCatalogue.byName("settlement-processed.yaml")).contains(processed);
        assertThat(MessageCatalogue.byName("settlement-processed")).contains(processed);
        assertThat(MessageCatalogue.byName("settlement_processed.yml")).contains(processed);
        assertThat(processed.fileName()).isEqualTo("settlement-processed.yaml");
        assertThat(MessageCatalogue.byClass(BalanceUpdated.class).orElseThrow().name()).isEqualTo("BALANCE_UPDATED");
        assertThat(MessageCatalogue.byName("SETTLEMENT_EXPLODED")).isEmpty();
        assertThat(MessageCatalogue.byName(null)).isEmpty();
        assertThat(MessageCatalogue.byClass(String.class)).isEmpty();
    }

    @Test
    void everyTypeIsEmittedByAnActionOfItsOwnDomain() {
        for (MessageType type : MessageCatalogue.types()) {
            assertThat(MessageCatalogue.actionsOf(type.domain()))
                    .as(type.name()).anyMatch(action -> action.emits(type.name()));
        }
        for (DomainAction action : MessageCatalogue.actions()) {
            for (String emitted : action.emits()) {
                assertThat(MessageCatalogue.byName(emitted).orElseThrow().domain()).isEqualTo(action.domain());
            }
        }
    }

    @Test
    void everyCataloguedDomainIsADomainAddressSoADomainHasOneNameEverywhere() {
        List<String> addressed = Addresses.ALL.stream().map(Address::name).toList();
        assertThat(addressed).doesNotHaveDuplicates();
        assertThat(MessageCatalogue.domains()).isNotEmpty().allMatch(addressed::contains);
        assertThat(MessageCatalogue.types()).allMatch(type -> addressed.contains(type.domain()));
    }

    @Test
    void knowsTheActionsOfEachDomain() {
        assertThat(MessageCatalogue.domains()).containsExactly("collections", "balance", "distributions",
                "freeplay", "adjustments", "notifications");
        assertThat(MessageCatalogue.action("collections", "retry_settlement").orElseThrow().emits())
                .containsExactly("SETTLEMENT_UPDATE", "SETTLEMENT_PROCESSED", "SETTLEMENT_FAILED");
        assertThat(MessageCatalogue.action("freeplay", "expire_bonus").orElseThrow().emits())
                .containsExactly("BONUS_EXPIRED");
        assertThat(MessageCatalogue.action("balance", "notify")).isEmpty();
        assertThat(MessageCatalogue.actionsOf("casino")).isEmpty();
    }
}
