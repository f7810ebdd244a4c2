package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.server.http.Json;
import dev.crystal.server.trace.OtelIds;
import dev.crystal.server.trace.OtlpTraceExport;
import dev.crystal.store.trace.TraceSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import picocli.CommandLine;

/** {@code serve}'s logging and trace settings, from flags and from the config file. */
class LogAndTraceOptionsTest {
    @TempDir
    Path dir;

    @Test
    void theConfigFileSetsTraceModeAndRetention() throws Exception {
        Path file = Files.writeString(dir.resolve("crystal.yaml"), """
                trace:
                  mode: sample=20
                  maxAge: 2h
                  maxRows: 5000
                """);
        TraceSettings t = PlatformConfig.trace(file, TraceSettings.defaults());
        assertThat(t.mode()).isEqualTo(TraceSettings.Mode.SAMPLE);
        assertThat(t.sampleEvery()).isEqualTo(20);
        assertThat(t.maxAge()).isEqualTo(Duration.ofHours(2));
        assertThat(t.maxRows()).isEqualTo(5000);
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "trace:\n  mode: often\n");
        assertThatThrownBy(() -> PlatformConfig.trace(bad, TraceSettings.defaults())).hasMessageContaining("bad.yaml")
                .hasMessageContaining("on, off or sample=N");
        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), "trace:\n  keep: 3\n");
        assertThatThrownBy(() -> PlatformConfig.trace(unknown, TraceSettings.defaults()))
                .hasMessageContaining("unknown key 'trace.keep'");
    }

    @Test
    void theOtlpEndpointComesFromTheStandardEnvironmentVariables() {
        assertThat(OtlpTraceExport.fromEnvironment(Map.of())).isNull();
        assertThat(OtlpTraceExport.fromEnvironment(
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))).hasToString("http://collector:4318");
        assertThat(OtlpTraceExport.fromEnvironment(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/v1/traces")))
                .hasToString("http://traces:4318/v1/traces");
        var serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--otlp-endpoint", "http://127.0.0.1:4318", "--trace", "sample=10",
                "--log-level", "warn,crystal.notices=debug", "--log-format", "json");
        assertThat(serve.otlpEndpoint).hasToString("http://127.0.0.1:4318");
        assertThat(serve.trace).isEqualTo("sample=10");
        assertThat(serve.logLevels).containsExactly("warn", "crystal.notices=debug");
        assertThat(serve.logFormat).isEqualTo("json");
    }

    @Test
    void levelsComeFromTheConfigFileAndFlagsWin() throws Exception {
        Path file = Files.writeString(dir.resolve("crystal.yaml"), """
                logging:
                  format: json
                  level: warn
                  loggers: {crystal.notices: debug}
                """);
        LogSettings fromFile = PlatformConfig.logging(file);
        assertThat(fromFile.format()).isEqualTo("json");
        assertThat(fromFile.levels()).containsEntry("", Level.WARN).containsEntry("crystal.notices", Level.DEBUG);
        LogSettings merged = fromFile.overriddenBy("text", LogSettings.parseLevels(List.of("info", "crystal.x=error")));
        assertThat(merged.format()).isEqualTo("text");
        assertThat(merged.levels()).containsEntry("", Level.INFO).containsEntry("crystal.x", Level.ERROR)
                .containsEntry("crystal.notices", Level.DEBUG);
        assertThatThrownBy(() -> LogSettings.parseLevels(List.of("loud"))).hasMessageContaining("trace, debug, info");
        assertThatThrownBy(() -> new LogSettings("xml", Map.of())).hasMessageContaining("text or json");
    }

    @Test
    void jsonFormatWritesOneJsonObjectPerLineWithTheCorrelationIdAndLevelsApply() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Level rootLevel = root.getLevel();
        Logger notices = context.getLogger("crystal.notices");
        Level noticesLevel = notices.getLevel();
        List<Appender<ILoggingEvent>> saved = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            saved.add(it.next());
        }
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            new LogSettings("json", LogSettings.parseLevels(List.of("info", "crystal.notices=debug"))).apply();
            MDC.put("correlationId", "corr-json-1");
            LoggerFactory.getLogger("crystal.notices").debug("customer notice to C1: hello");
            LoggerFactory.getLogger("crystal.other").debug("not shown at info");
            MDC.remove("correlationId");
        } finally {
            System.setErr(err);
            root.detachAppender("JSON");
            saved.forEach(a -> {
                a.start();
                root.addAppender(a);
            });
            root.setLevel(rootLevel);
            notices.setLevel(noticesLevel);
        }
        String[] lines = buffer.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = Json.mapper().readTree(lines[0]);
        assertThat(line.get("level").asText()).isEqualTo("DEBUG");
        assertThat(line.get("loggerName").asText()).isEqualTo("crystal.notices");
        assertThat(line.get("message").asText()).isEqualTo("customer notice to C1: hello");
        assertThat(line.get("mdc").get("correlationId").asText()).isEqualTo("corr-json-1");
        assertThat(line.get("traceId").asText()).isEqualTo(OtelIds.traceId("corr-json-1"))
                .hasSize(32);
        assertThat(line.get("timestamp").asLong()).isPositive();
    }
}
