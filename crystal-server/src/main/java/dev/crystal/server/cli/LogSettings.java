package dev.crystal.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.crystal.server.trace.TraceJsonEncoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * How {@code crystal serve} logs: the format ({@code text}: one line with an ISO date, level, thread, logger,
 * {@code corr=}, {@code trace=} and the message; {@code json}: one JSON object per line from Logback's
 * {@link JsonEncoder}, with the MDC — {@code correlationId}, {@code worker} — and {@code traceId} as fields) and levels (the root's and per logger). From
 * {@code --log-format}/{@code --log-level} and the config file's {@code logging:} section; flags win. Immutable;
 * {@link #apply()} reconfigures Logback once, on the thread that starts the server.
 *
 * @param format text or json
 * @param levels logger name ({@code ""} for the root) to level, in the order given
 */
public record LogSettings(String format, Map<String, Level> levels) {
    static final Set<String> FORMATS = Set.of("text", "json");

    public LogSettings {
        Objects.requireNonNull(format, "format");
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("log format must be text or json, was '" + format + "'");
        }
        levels = Map.copyOf(levels);
    }

    /** Text, levels from logback.xml. */
    public static LogSettings defaults() {
        return new LogSettings("text", Map.of());
    }

    /**
     * Parses level specs: {@code LEVEL} (the root logger) or {@code LOGGER=LEVEL}, LEVEL one of trace, debug, info,
     * warn, error, off.
     *
     * @throws IllegalArgumentException naming the bad spec
     */
    public static Map<String, Level> parseLevels(List<String> specs) {
        Map<String, Level> out = new LinkedHashMap<>();
        for (String spec : specs) {
            String s = spec.trim();
            int eq = s.indexOf('=');
            String logger = eq < 0 ? "" : s.substring(0, eq).trim();
            String level = eq < 0 ? s : s.substring(eq + 1).trim();
            if (eq >= 0 && logger.isEmpty()) {
                throw new IllegalArgumentException("log level '" + spec + "' names no logger (use LOGGER=LEVEL or LEVEL)");
            }
            out.put(logger, level(level, spec));
        }
        return out;
    }

    static Level level(String text, String spec) {
        String t = text.toLowerCase(Locale.ROOT);
        if (!List.of("trace", "debug", "info", "warn", "error", "off").contains(t)) {
            throw new IllegalArgumentException("log level must be trace, debug, info, warn, error or off, was '"
                    + spec + "'");
        }
        return Level.toLevel(t);
    }

    /** These settings with {@code other}'s format (when not null) and levels laid over. */
    public LogSettings overriddenBy(String otherFormat, Map<String, Level> otherLevels) {
        Map<String, Level> merged = new LinkedHashMap<>(levels);
        merged.putAll(otherLevels);
        return new LogSettings(otherFormat == null ? format : otherFormat, merged);
    }

    /** Reconfigures Logback: levels, and for {@code json} a JSON console appender in place of the text one. */
    public void apply() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend: nothing to configure here
        }
        levels.forEach((name, level) -> context.getLogger(name.isEmpty() ? Logger.ROOT_LOGGER_NAME : name)
                .setLevel(level));
        if (format.equals("json")) {
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
            for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> a = it.next();
                if (a instanceof ConsoleAppender) {
                    consoles.add(a);
                }
            }
            JsonEncoder encoder = new TraceJsonEncoder();
            encoder.setContext(context);
            encoder.start();
            ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
            json.setContext(context);
            json.setName("JSON");
            json.setTarget("System.err");
            json.setEncoder(encoder);
            json.start();
            root.addAppender(json);
            consoles.forEach(a -> {
                root.detachAppender(a);
                a.stop();
            });
        }
    }
}
