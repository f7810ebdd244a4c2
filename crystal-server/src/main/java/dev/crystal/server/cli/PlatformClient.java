package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.server.http.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A JSON client for CLI commands that talk to a running platform. Errors become
 * {@link CliFailure}s with a message a person can act on. Confined to the command's thread.
 */
final class PlatformClient {
    /** A failed call, already phrased for the terminal. */
    static final class CliFailure extends RuntimeException {
        private final int exitCode;

        CliFailure(String message) {
            this(message, CliErrors.FAILED);
        }

        CliFailure(String message, int exitCode) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }

        /** The exit code of the command that ends with this failure ({@link CliErrors}). */
        int exitCode() {
            return exitCode;
        }
    }

    private static CliFailure unreachable(URI base) {
        return new CliFailure("no Crystal platform answers at " + base + " (start one with ./crystal serve, or pass "
                + "--url)", CliErrors.UNREACHABLE);
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = Json.mapper();
    private final URI base;
    private final String apiKey;

    /** A client of the platform at {@code url} sending {@code apiKey} (none when {@code null}). */
    PlatformClient(String url, String apiKey) {
        this.apiKey = apiKey;
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
            this.base = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("--url: not a URL: " + url + " (e.g. http://localhost:8080)", CliErrors.USAGE);
        }
        if (base.getScheme() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
                || base.getHost() == null) {
            throw new CliFailure("--url must be an http:// or https:// URL with a host, such as http://localhost:8080, "
                    + "was " + url, CliErrors.USAGE);
        }
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** {@code request} with the API key header, when there is a key. */
    HttpRequest.Builder authorized(HttpRequest.Builder request) {
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request;
    }

    /** Why a refused call was refused, with what to do about it. */
    static String refusal(int status, String code, String message) {
        return status + " " + code + ": " + message + hint(status);
    }

    /** What to do about a 401 or 403; empty for other statuses. */
    static String hint(int status) {
        return switch (status) {
            case 401 -> " (give a key with --api-key or " + ApiKeyOptions.ENV
                    + ", or run where --data-dir holds the platform's admin.key)";
            case 403 -> " (this key's role does not allow it; see docs/security.md)";
            default -> "";
        };
    }

    JsonNode post(String path, String body) {
        return post(path, body, null);
    }

    /** POSTs JSON, with a correlation id header when one is given. */
    JsonNode post(String path, String body, String correlationId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (correlationId != null) {
            request.header("X-Correlation-Id", correlationId);
        }
        return send(request);
    }

    JsonNode put(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** PUTs a JSON body. */
    JsonNode putJson(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Opens a server-sent event stream and returns its lines as they arrive.
     *
     * @throws CliFailure if the platform cannot be reached or answers with an error (its message is shown)
     */
    HttpResponse<Stream<String>> openStream(String path) {
        HttpRequest request = authorized(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/event-stream"))
                .GET().build();
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(base);
        } catch (IOException e) {
            throw new CliFailure("cannot reach " + base + ": " + e.getMessage(), CliErrors.UNREACHABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
        if (response.statusCode() != 200) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = String.join("\n", lines.toList());
            }
            String message = body;
            try {
                JsonNode error = json.readTree(body);
                if (error != null && error.has("message")) {
                    message = error.get("message").asText();
                }
            } catch (IOException notJson) {
                // show the body as it is
            }
            throw new CliFailure(base.resolve(path).getPath() + " answered " + response.statusCode() + ": " + message
                    + hint(response.statusCode()));
        }
        return response;
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    HttpClient http() {
        return http;
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    /** The answer of something that is not a Crystal platform (every Crystal answer is JSON). */
    private CliFailure notCrystal(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("no content type");
        return new CliFailure(base + " does not answer like a Crystal platform (" + response.request().method() + " "
                + response.uri().getPath() + " answered " + response.statusCode() + ", " + type
                + ", not JSON); check --url (the platform's address, e.g. http://localhost:8080)",
                CliErrors.UNREACHABLE);
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(authorized(request).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
            } catch (IOException notJson) {
                throw notCrystal(response);
            }
            if (response.statusCode() >= 400) {
                throw new CliFailure(refusal(response.statusCode(), body.path("error").asText("ERROR"),
                        body.path("message").asText(response.body())));
            }
            return body;
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(base);
        } catch (IOException e) {
            throw new CliFailure("talking to " + base + " failed: " + e.getMessage(), CliErrors.UNREACHABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }
}
