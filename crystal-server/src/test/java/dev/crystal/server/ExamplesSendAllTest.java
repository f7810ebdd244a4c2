package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/messages/send-all.sh against a real {@code crystal serve}, after the README's "Try it": every file is
 * sent and does what it says (bonus issued, wagered and redeemed, commission calculated from the settlements and
 * paid), and running it again moves no money.
 */
@Tag("system")
class ExamplesSendAllTest {
    private static final Path SCRIPT = Path.of("..", "examples", "messages", "send-all.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private static Run sendAll(int port, String key) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "http://127.0.0.1:" + port)
                .redirectErrorStream(true);
        builder.environment().put("CRYSTAL_API_KEY", key);
        builder.environment().put("CRYSTAL_CLI", String.join(" ", List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "--sun-misc-unsafe-memory-access=allow", "-cp", classpath,
                "dev.crystal.server.cli.CrystalCommand")));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void everyExampleMessageCanBeSentAfterTheReadmesTryIt() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir.resolve("data"), dir.resolve("serve.log"))) {
            ApiClient api = serve.api();
            // the README's "Try it"
            assertThat(api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":100.00}").status())
                    .isEqualTo(201);
            assertThat(api.post("/collections/process-settlement", """
                    {"settlementId":"PEN_001","customerId":"CUST_001","amount":166.67,"type":"payout",
                     "event":"Chiefs vs Bills","betType":"moneyline","stake":100.00,"payout":166.67,
                     "paymentMethod":"wire_transfer","metadata":{"processedBy":"Agent Smith"}}""").status()).isEqualTo(200);
            String key = Files.readString(dir.resolve("data").resolve(CrystalServer.ADMIN_KEY_FILE)).trim();

            Run first = sendAll(serve.port, key);
            assertThat(first.exit()).as(first.output()).isZero();
            assertThat(first.output()).contains("type: BONUS_ISSUED", "type: SETTLEMENT_PROCESSED",
                    "type: BONUS_REDEEMED", "type: COMMISSION_CALCULATED", "type: DISTRIBUTION_PROCESSED",
                    "send-all: every message of examples/messages was sent").doesNotContain("SETTLEMENT_FAILED");
            // 266.67 + 300.00 payout - 400.00 collection + 25.00 redeemed
            assertThat(api.get("/customers/CUST_001/balance").body().get("balance").decimalValue())
                    .isEqualByComparingTo("191.67");
            assertThat(first.output()).contains("totalAmount: 20.00").contains("amount: 20.00");
            assertThat(api.get("/settlements/PEN_003").body().get("status").asText()).isEqualTo("completed");

            Run again = sendAll(serve.port, key);
            assertThat(again.exit()).as(again.output()).isZero();
            assertThat(api.get("/customers/CUST_001/balance").body().get("balance").decimalValue())
                    .as("a second run moves no money").isEqualByComparingTo("191.67");
        }
    }
}
