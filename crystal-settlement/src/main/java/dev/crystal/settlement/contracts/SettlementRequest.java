package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A settlement as submitted, already validated at the edge. Optional fields are {@code null}
 * when absent. {@code metadataJson} is the metadata object in canonical JSON (sorted keys).
 */
public record SettlementRequest(
        String settlementId,
        String customerId,
        SettlementType type,
        Money amount,
        String event,
        String betType,
        Money stake,
        Money payout,
        String paymentMethod,
        String metadataJson) {

    public SettlementRequest {
        requireText(settlementId, "settlementId");
        requireText(customerId, "customerId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("amount must be positive");
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    /**
     * A stable digest of every field: two submissions with the same id are the same settlement
     * exactly when their fingerprints match.
     */
    public String fingerprint() {
        String canonical = String.join("\u001f", settlementId, customerId, type.wireName(), amount.toString(),
                String.valueOf(event), String.valueOf(betType), String.valueOf(stake), String.valueOf(payout),
                String.valueOf(paymentMethod), String.valueOf(metadataJson));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
