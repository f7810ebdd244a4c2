package dev.crystal.bench.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CompressionId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator benchmark produces one row per message, codec and compression, as a table or JSON (sizes only asserted). */
class CodecBenchmarkTest {
    private final List<CodecBenchmark.Row> rows = new CodecBenchmark().run(new CodecBenchmark.Options(0, 1));

    @Test
    void measuresEveryCombination() {
        assertThat(rows).hasSize(2 * CodecId.values().length * CompressionId.values().length);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.frameBytes()).isPositive();
            assertThat(row.roundTripNanos()).isPositive();
        });
    }

    @Test
    void binaryBodyOfTheSeedMessageIsAtMost45PercentOfJson() {
        int binary = body("seed", CodecId.BINARY);
        int json = body("seed", CodecId.JSON);

        assertThat(binary).isLessThanOrEqualTo(json * 45 / 100);
    }

    @Test
    void printsATableAndJson() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodecBenchmark.printTable(rows, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("codec", "binary", "yaml", "zstd", "large");

        JsonNode json = new ObjectMapper().readTree(CodecBenchmark.toJson(rows));
        assertThat(json).hasSize(rows.size());
        assertThat(json.get(0).get("codec").asText()).isEqualTo("BINARY");
    }

    private int body(String message, CodecId codec) {
        return rows.stream().filter(row -> row.message().equals(message) && row.codec() == codec
                        && row.compression() == CompressionId.NONE)
                .findFirst().orElseThrow().bodyBytes();
    }
}
