// usage: java -cp crystal.jar EdgeMicro.java : thread CPU time per call of the settlement POST's edge steps,
// the way main did them and the way h-edge does them, in one JVM (thread CPU time, so a loaded machine
// inflates both sides alike rather than the wall clock). Not a test: a benchmark for docs/benchmarks.md.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crystal.server.http.Json;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

public class EdgeMicro {
    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    static long sink;

    static double nsPerOp(LongSupplier op, int n) {
        for (int i = 0; i < n; i++) sink += op.getAsLong();
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) sink += op.getAsLong();
        return (CPU.getCurrentThreadCpuTime() - t0) / (double) n;
    }

    record Key(String m, String u, int s) { }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        ObjectMapper json = Json.mapper();
        String body = "{\"settlementId\":\"LOAD_ABC_123\",\"customerId\":\"CUST_42\",\"amount\":166.67,\"type\":\"payout\","
                + "\"event\":\"Chiefs vs Bills\",\"betType\":\"moneyline\",\"stake\":100.00,\"payout\":166.67,"
                + "\"paymentMethod\":\"wire_transfer\",\"metadata\":{\"processedBy\":\"Agent Smith\",\"source\":\"load\"}}";
        JsonNode metadata = json.readTree(body).get("metadata");
        Pattern id = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
        Method isId = Class.forName("dev.crystal.server.http.JsonBody").getDeclaredMethod("isId", String.class);
        isId.setAccessible(true);
        String secret = "crystal_" + "x".repeat(43);
        MessageDigest proto = MessageDigest.getInstance("SHA-256");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<Key, Timer> timers = new ConcurrentHashMap<>();
        HexFormat hex = HexFormat.of();
        String[][] rows = {
            {"readTree of the body", String.valueOf(nsPerOp(() -> { try { return json.readTree(body).size(); } catch (Exception e) { throw new RuntimeException(e); } }, n))},
            {"metadata canonical (treeToValue + sorted writer, kept)", String.valueOf(nsPerOp(() -> { try { return json.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(json.treeToValue(metadata, Object.class)).length(); } catch (Exception e) { throw new RuntimeException(e); } }, n))},
            {"3 ids: main (regex)", String.valueOf(nsPerOp(() -> (id.matcher("LOAD_ABC_123").matches() ? 1 : 0) + (id.matcher("CUST_42").matches() ? 1 : 0) + (id.matcher("corr_0123456789abcdef").matches() ? 1 : 0), n))},
            {"3 ids: h-edge (char loop)", String.valueOf(nsPerOp(() -> { try { return ((Boolean) isId.invoke(null, "LOAD_ABC_123") ? 1 : 0) + ((Boolean) isId.invoke(null, "CUST_42") ? 1 : 0) + ((Boolean) isId.invoke(null, "corr_0123456789abcdef") ? 1 : 0); } catch (Exception e) { throw new RuntimeException(e); } }, n))},
            {"correlation id: main (UUID.randomUUID)", String.valueOf(nsPerOp(() -> ("corr_" + UUID.randomUUID().toString().replace("-", "")).length(), n))},
            {"correlation id: h-edge (ThreadLocalRandom)", String.valueOf(nsPerOp(() -> ("corr_" + hex.toHexDigits(ThreadLocalRandom.current().nextLong()) + hex.toHexDigits(ThreadLocalRandom.current().nextLong())).length(), n))},
            {"key hash: main (getInstance)", String.valueOf(nsPerOp(() -> { try { return hex.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8))).length(); } catch (Exception e) { throw new RuntimeException(e); } }, n))},
            {"key hash: h-edge (clone)", String.valueOf(nsPerOp(() -> { try { return hex.formatHex(((MessageDigest) proto.clone()).digest(secret.getBytes(StandardCharsets.UTF_8))).length(); } catch (Exception e) { throw new RuntimeException(e); } }, n))},
            {"Authorization: main (split)", String.valueOf(nsPerOp(() -> ("Bearer " + secret).trim().split("\\s+", 2)[1].trim().length(), n))},
            {"Authorization: h-edge (scan for the gap)", String.valueOf(nsPerOp(() -> { String v = ("Bearer " + secret).trim(); int gap = -1; for (int i = 0; i < v.length(); i++) { char c = v.charAt(i); if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') { gap = i; break; } } return v.regionMatches(true, 0, "Bearer", 0, 6) ? v.substring(gap + 1).trim().length() : 0; }, n))},
            {"HTTP timer: main (builder + register)", String.valueOf(nsPerOp(() -> { Timer.builder("http.server.requests").tag("method", "POST").tag("uri", "/collections/process-settlement").tag("status", Integer.toString(200)).tag("outcome", "SUCCESS").publishPercentileHistogram().register(registry).record(1_000_000, TimeUnit.NANOSECONDS); return 1; }, n))},
            {"HTTP timer: h-edge (resolved once)", String.valueOf(nsPerOp(() -> { timers.computeIfAbsent(new Key("POST", "/collections/process-settlement", 200), k -> Timer.builder("http.server.requests2").tag("method", k.m()).tag("uri", k.u()).tag("status", Integer.toString(k.s())).tag("outcome", "SUCCESS").publishPercentileHistogram().register(registry)).record(1_000_000, TimeUnit.NANOSECONDS); return 1; }, n))},
        };
        for (String[] r : rows) System.out.printf("%-58s %8.0f ns%n", r[0], Double.parseDouble(r[1]));
        System.out.println("(sink " + (sink & 1) + ")");
    }
}
