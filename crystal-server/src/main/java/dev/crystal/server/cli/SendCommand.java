package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crystal.wire.SafeYaml;
import dev.crystal.wire.WireException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crystal send FILE.yaml}: sends a seed-style YAML message ({@code type:} + {@code payload:})
 * into a running platform through its HTTP API and prints the outcome as YAML.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send a YAML message (type: + payload:, the seed's format) into a running platform and "
                + "print the outcome as YAML. Types: SETTLEMENT_UPDATE, BONUS_ISSUED, BONUS_REDEEMED, "
                + "COMMISSION_CALCULATED, DISTRIBUTION_PROCESSED.")
public final class SendCommand implements Callable<Integer> {
    static final int MAX_FILE_BYTES = 1_048_576;
    private static final Set<String> FILE_KEYS = Set.of("type", "version", "correlationId", "timestamp", "payload",
            "messageId", "source", "target");

    @Parameters(index = "0", description = "message file, or - for standard input")
    String file;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Platform. Default: ${DEFAULT-VALUE}")
    String url;

    @CommandLine.Mixin
    ApiKeyOptions auth;

    /** What one message becomes: a REST call, and the name of its outcome. */
    record Call(String path, ObjectNode body, String outcomeType) {
    }

    /** A message the file cannot become, phrased for the terminal. */
    static final class BadMessage extends RuntimeException {
        BadMessage(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Integer call() throws Exception {
        try {
            String yamlText = read();
            JsonNode message = SafeYaml.withDefaults().read(yamlText);
            Call call = translate(message);
            String correlationId = message.hasNonNull("correlationId") ? message.get("correlationId").asText() : null;
            JsonNode answer = new PlatformClient(url, auth.key()).post(call.path(), call.body().toString(), correlationId);
            String outcome = call.outcomeType();
            if (outcome.equals("SETTLEMENT_PROCESSED") && "failed".equals(answer.path("status").asText())) {
                outcome = "SETTLEMENT_FAILED";
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("type", outcome);
            doc.put("payload", answer);
            System.out.print(Yaml.printer().writeValueAsString(doc));
            return 0;
        } catch (BadMessage | PlatformClient.CliFailure e) {
            System.err.println("crystal send: " + e.getMessage());
            return e instanceof PlatformClient.CliFailure failure ? failure.exitCode() : CliErrors.FAILED;
        } catch (NoSuchFileException e) {
            System.err.println("crystal send: no such file: " + file);
            return CliErrors.USAGE;
        } catch (WireException e) {
            System.err.println("crystal send: " + file + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("crystal send: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
    }

    private String read() throws IOException {
        byte[] bytes = file.equals("-") ? System.in.readNBytes(MAX_FILE_BYTES + 1) : Files.readAllBytes(Path.of(file));
        if (bytes.length > MAX_FILE_BYTES) {
            throw new BadMessage(file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Turns a seed-style message into the REST call that does it. */
    static Call translate(JsonNode message) {
        if (message == null || !message.isObject()) {
            throw new BadMessage("a message file is a mapping with type: and payload:");
        }
        for (Iterator<String> names = message.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FILE_KEYS.contains(name)) {
                throw new BadMessage("unknown key '" + name + "' (allowed: " + FILE_KEYS.stream().sorted().toList() + ")");
            }
        }
        String type = message.path("type").asText("");
        JsonNode payload = message.get("payload");
        if (type.isBlank()) {
            throw new BadMessage("the message has no type:");
        }
        if (payload == null || !payload.isObject()) {
            throw new BadMessage("the message has no payload: mapping");
        }
        return switch (type) {
            case "SETTLEMENT_UPDATE" -> settlement(payload);
            case "BONUS_ISSUED" -> new Call("/bonuses", pick(payload, "BONUS_ISSUED", Map.of(), List.of("transactionId",
                    "customerId", "bonusType", "amount", "wageringRequirement", "expiresAt", "reference")), "BONUS_ISSUED");
            case "BONUS_REDEEMED" -> {
                ObjectNode body = pick(payload, "BONUS_REDEEMED", Map.of("redemptionAmount", "amount"),
                        List.of("redemptionId"), "transactionId", "customerId", "wagerAmount", "remainingAmount",
                        "status", "redeemedAt");
                String id = required(payload, "transactionId");
                yield new Call("/bonuses/" + id + "/redeem", body, "BONUS_REDEEMED");
            }
            case "COMMISSION_CALCULATED" -> new Call("/distributions/calculate", pick(payload, "COMMISSION_CALCULATED",
                    Map.of("recipientId", "affiliateId"), List.of("period"), "baseRevenue", "commissionRate",
                    "calculatedAmount", "performanceBonus", "totalAmount", "paymentSchedule"), "COMMISSION_CALCULATED");
            case "DISTRIBUTION_PROCESSED" -> distribution(payload);
            default -> throw new BadMessage(type + " cannot be sent; it is "
                    + (type.matches("[A-Z_]+") ? "an event the platform emits itself" : "not a message type")
                    + ". Send one of SETTLEMENT_UPDATE, BONUS_ISSUED, BONUS_REDEEMED, COMMISSION_CALCULATED, "
                    + "DISTRIBUTION_PROCESSED");
        };
    }

    private static Call settlement(JsonNode payload) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        JsonNode s = payload.has("settlement") ? payload.get("settlement") : payload;
        Set<String> settlementKeys = Set.of("id", "settlementId", "customerId", "amount", "type", "status", "event",
                "betType", "stake", "payout", "paymentMethod", "timestamp", "retryCount", "metadata");
        for (Iterator<String> names = s.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!settlementKeys.contains(name) && !(s == payload && Set.of("processing").contains(name))) {
                throw new BadMessage("SETTLEMENT_UPDATE: unknown field '" + name + "'");
            }
        }
        if (payload.has("settlement")) {
            for (Iterator<String> names = payload.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("settlement", "processing", "metadata").contains(name)) {
                    throw new BadMessage("SETTLEMENT_UPDATE: unknown field '" + name + "' (nested form has "
                            + "settlement, processing, metadata)");
                }
            }
        }
        body.set("settlementId", s.has("settlementId") ? s.get("settlementId") : s.get("id"));
        copy(s, body, "customerId", "amount", "event", "betType", "stake", "payout", "paymentMethod");
        body.put("type", s.path("type").asText("payout"));
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        if (s.has("metadata") && s.get("metadata").isObject()) {
            metadata.setAll((ObjectNode) s.get("metadata"));
        }
        if (payload.has("metadata") && payload.get("metadata").isObject() && payload != s) {
            metadata.setAll((ObjectNode) payload.get("metadata"));
        }
        if (payload.has("processing")) {
            metadata.set("processing", payload.get("processing"));
        }
        if (!metadata.isEmpty()) {
            body.set("metadata", metadata);
        }
        return new Call("/collections/process-settlement", body, "SETTLEMENT_PROCESSED");
    }

    private static Call distribution(JsonNode payload) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("affiliateId", required(payload, "recipientId"));
        if (payload.hasNonNull("period")) {
            body.set("period", payload.get("period"));
        } else if (payload.hasNonNull("processedAt")) {
            // Commissions are paid on the 1st of the month after their period (the seed's paymentSchedule).
            var processed = OffsetDateTime.parse(payload.get("processedAt").asText()).atZoneSameInstant(ZoneOffset.UTC);
            body.put("period", YearMonth.from(processed).minusMonths(1).toString());
        } else {
            throw new BadMessage("DISTRIBUTION_PROCESSED needs period: or processedAt: to know which commission to pay");
        }
        return new Call("/distributions/payout", body, "DISTRIBUTION_PROCESSED");
    }

    /** Copies {@code fields} (renamed per {@code renames}); {@code ignored} are result fields a message may carry. */
    private static ObjectNode pick(JsonNode payload, String type, Map<String, String> renames, List<String> fields,
                                   String... ignored) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        Set<String> skip = Set.of(ignored);
        for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext(); ) {
            var field = it.next();
            String name = field.getKey();
            if (renames.containsKey(name)) {
                body.set(renames.get(name), field.getValue());
            } else if (fields.contains(name)) {
                body.set(name, field.getValue());
            } else if (!skip.contains(name)) {
                throw new BadMessage(type + ": unknown field '" + name + "'");
            }
        }
        return body;
    }

    private static void copy(JsonNode from, ObjectNode to, String... names) {
        for (String name : names) {
            if (from.has(name)) {
                to.set(name, from.get(name));
            }
        }
    }

    private static String required(JsonNode payload, String field) {
        if (!payload.hasNonNull(field) || payload.get(field).asText().isBlank()) {
            throw new BadMessage("payload." + field + " is required");
        }
        return payload.get(field).asText();
    }

}
