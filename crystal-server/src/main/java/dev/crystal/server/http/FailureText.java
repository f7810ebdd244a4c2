package dev.crystal.server.http;

import java.util.regex.Pattern;

/**
 * Renders an internal failure (a dead letter's reason or stack trace, a worker's failure detail)
 * as a short text fit for an answer: first line only, no exception class names, no package names,
 * bounded length. The full detail stays in the server log. Stateless.
 */
final class FailureText {
    /** Longest failure text an answer carries. */
    static final int MAX_LENGTH = 300;
    private static final Pattern THROWABLE = Pattern.compile(
            "(?:[A-Za-z_$][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error|Throwable)(?::\\s*)?");
    private static final Pattern QUALIFIED = Pattern.compile(
            "\\b(?:java|javax|jakarta|sun|jdk|dev|org|com|io|kotlin)\\.(?:[\\w$]+\\.)*([\\w$]+)");

    private FailureText() {
    }

    static String of(String failure) {
        if (failure == null || failure.isBlank()) {
            return "failure (no detail)";
        }
        String line = failure.strip();
        int newline = line.indexOf('\n');
        if (newline >= 0) {
            line = line.substring(0, newline).strip();
        }
        line = THROWABLE.matcher(line).replaceAll("");
        line = QUALIFIED.matcher(line).replaceAll("$1").strip();
        if (line.endsWith(":")) {
            line = line + " failure";
        }
        if (line.isEmpty()) {
            line = "failure (no detail)";
        }
        return Numbers.brief(line, MAX_LENGTH);
    }
}
