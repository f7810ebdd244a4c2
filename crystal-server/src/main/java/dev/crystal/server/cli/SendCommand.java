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
        description = {"Send a YAML message (type: + payload:, the seed's format) into a running platform and "
                + "print the outcome as YAML. Types: SETTLEMENT_UPDATE, BONUS_ISSUED, BONUS_REDEEMED, "
                + "COMMISSION_CALCULATED, DISTRIBUTION_PROCESSED.",
                "A field the platform computes (totalAmount, wagerAmount, ...) or does not know is refused with its "
                        + "name, never ignored; examples/messages/ has one file per type and send-all.sh sends them."})
public final class SendCommand implements Callable<Integer> {
    static final int MAX_FILE_BYTES = 1_048_576;
    private static final Set<String> FILE_KEYS = Set.of("type", "version", "correlationId", "timestamp", "payload");
    /** Fields of the seed's events that the platform computes: a file that sends them is refused, never ignored. */
    private static final Map<String, String> RESULTS = Map.ofEntries(
            Map.entry("wagerAmount", "the stakes of settlements counted since the bonus was issued"),
            Map.entry("remainingAmount", "the bonus left after the redemption"),
            Map.entry("redeemedAt", "the time the platform redeemed it"),
            Map.entry("baseRevenue", "the revenue of the affiliate's customers in the period"),
            Map.entry("commissionRate", "the affiliate's registered rate"),
            Map.entry("calculatedAmount", "baseRevenue x commissionRate / 100"),
            Map.entry("performanceBonus", "the affiliate's performance bonus terms"),
            Map.entry("totalAmount", "calculatedAmount + performanceBonus"),
            Map.entry("paymentSchedule", "the 1st of the next month and the affiliate's payment method"),
            Map.entry("retryCount", "the platform's own retries"));

    @Parameters(index = "0", description = "message file, or - for standard input")
    String file;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Platform. Default: ${DEFAULT-VALUE}")
    String url;

    @CommandLine.Mixin
    ApiKeyOptions auth;

    /** What one message becomes: a REST call, and the name of its outcome. */
    record Call(String path, ObjectNode body, String outcomeType, String customerId) {
        Call(String path, ObjectNode body, String outcomeType) {
            this(path, body, outcomeType, null);
        }
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
            if (call.customerId() != null) {
                String owner = new PlatformClient(url, auth.key()).get(call.path().replace("/redeem", ""))
                        .path("customerId").asText();
                if (!owner.equals(call.customerId())) {
                    throw new BadMessage(call.outcomeType() + ": bonus " + call.path().split("/")[2] + " belongs to "
                            + owner + ", not " + call.customerId());
                }
            }
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
        if (message.has("version") && !message.get("version").asText().matches("1(\\.0)?")) {
            throw new BadMessage("version " + message.get("version").asText() + " is not supported (1.0 is)");
        }
        if (type.isBlank()) {
            throw new BadMessage("the message has no type:");
        }
        if (payload == null || !payload.isObject()) {
            throw new BadMessage("the message has no payload: mapping");
        }
        if (message.has("timestamp") && !type.equals("SETTLEMENT_UPDATE")) {
            throw result(type, "timestamp", "the time it handles the message");
        }
        return switch (type) {
            case "SETTLEMENT_UPDATE" -> settlement(payload, message.get("timestamp"));
            case "BONUS_ISSUED" -> new Call("/bonuses", pick(payload, "BONUS_ISSUED", Map.of(), List.of("transactionId",
                    "customerId", "bonusType", "amount", "wageringRequirement", "expiresAt", "reference")), "BONUS_ISSUED");
            case "BONUS_REDEEMED" -> {
                ObjectNode body = pick(payload, "BONUS_REDEEMED", Map.of("redemptionAmount", "amount"),
                        List.of("redemptionId"), "transactionId", "customerId", "status");
                String id = required(payload, "transactionId");
                if (payload.has("status") && !payload.get("status").asText().equals("requested")) {
                    throw result("BONUS_REDEEMED", "status", "the redemption's outcome (partial or full)");
                }
                yield new Call("/bonuses/" + id + "/redeem", body, "BONUS_REDEEMED",
                        payload.hasNonNull("customerId") ? payload.get("customerId").asText() : null);
            }
            case "COMMISSION_CALCULATED" -> {
                ObjectNode body = pick(payload, "COMMISSION_CALCULATED", Map.of("recipientId", "affiliateId"),
                        List.of("period"));
                required(payload, "recipientId");
                if (!body.has("period")) {
                    body.put("period", YearMonth.now(ZoneOffset.UTC).toString());
                }
                yield new Call("/distributions/calculate", body, "COMMISSION_CALCULATED");
            }
            case "DISTRIBUTION_PROCESSED" -> distribution(payload);
            default -> throw new BadMessage(type + " cannot be sent; it is "
                    + (type.matches("[A-Z_]+") ? "an event the platform emits itself" : "not a message type")
                    + ". Send one of SETTLEMENT_UPDATE, BONUS_ISSUED, BONUS_REDEEMED, COMMISSION_CALCULATED, "
                    + "DISTRIBUTION_PROCESSED");
        };
    }

    private static Call settlement(JsonNode payload, JsonNode sentAt) {
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
        // what the sender reports but the platform decides itself is kept, in metadata.reported, not dropped
        ObjectNode reported = JsonNodeFactory.instance.objectNode();
        for (String name : List.of("status", "timestamp", "retryCount")) {
            if (s.has(name)) {
                reported.set(name, s.get(name));
            }
        }
        if (sentAt != null) {
            reported.set("sentAt", sentAt);
        }
        if (!reported.isEmpty()) {
            metadata.set("reported", reported);
        }
        if (!metadata.isEmpty()) {
            body.set("metadata", metadata);
        }
        return new Call("/collections/process-settlement", body, "SETTLEMENT_PROCESSED");
    }

    private static Call distribution(JsonNode payload) {
        Map<String, String> payoutResults = Map.of("distributionId", "the payout's id", "amount",
                "the commission calculated for the period", "transactionId", "the payout's transaction",
                "confirmation", "the payout's confirmation");
        for (var entry : payoutResults.entrySet()) {
            if (payload.has(entry.getKey())) {
                throw result("DISTRIBUTION_PROCESSED", entry.getKey(), entry.getValue());
            }
        }
        pick(payload, "DISTRIBUTION_PROCESSED", Map.of(), List.of("recipientId", "period", "processedAt"), "status");
        if (payload.has("status") && !payload.get("status").asText().equals("requested")) {
            throw result("DISTRIBUTION_PROCESSED", "status", "the payout's outcome");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("affiliateId", required(payload, "recipientId"));
        if (payload.hasNonNull("period")) {
            body.set("period", payload.get("period"));
        } else if (payload.hasNonNull("processedAt")) {
            // Commissions are paid on the 1st of the month after their period (the seed's paymentSchedule).
            var processed = OffsetDateTime.parse(payload.get("processedAt").asText()).atZoneSameInstant(ZoneOffset.UTC);
            body.put("period", YearMonth.from(processed).minusMonths(1).toString());
        } else {
            body.put("period", YearMonth.now(ZoneOffset.UTC).toString());
        }
        return new Call("/distributions/payout", body, "DISTRIBUTION_PROCESSED");
    }

    private static BadMessage result(String type, String field, String what) {
        return new BadMessage(type + ": '" + field + "' is computed by the platform (" + what + "), not sent; "
                + "remove it (examples/messages/README.md lists what each type takes)");
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
            } else if (skip.contains(name)) {
                continue;
            } else if (RESULTS.containsKey(name)) {
                throw result(type, name, RESULTS.get(name));
            } else {
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
