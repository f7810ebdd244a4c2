package dev.crystal.settlement.assembly;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.settlement.catalogue.ContractsJson;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.store.inbox.PayloadCodec;

/**
 * Outbox payloads as contract JSON ({@link ContractsJson}); only classes of the message contracts package are read
 * back, so a tampered outbox row cannot name an arbitrary class. Immutable; shared by every domain's worker thread.
 */
public final class ContractsPayloadCodec implements PayloadCodec {
    private static final String CONTRACTS = Addresses.class.getPackageName() + ".";

    private final ObjectMapper mapper = ContractsJson.jsonMapper();

    @Override
    public String encode(Object payload) {
        requireContract(payload.getClass().getName());
        try {
            return mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + payload.getClass().getName() + " for the outbox: "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Object decode(String payloadClass, String text) {
        requireContract(payloadClass);
        Class<?> type;
        try {
            type = Class.forName(payloadClass, false, ContractsPayloadCodec.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("outbox payload class " + payloadClass + " does not exist", e);
        }
        try {
            return mapper.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("outbox payload is not a valid " + payloadClass + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static void requireContract(String className) {
        if (!className.startsWith(CONTRACTS)) {
            throw new IllegalArgumentException(className + " is not a message contract (" + CONTRACTS + "*)");
        }
    }
}
