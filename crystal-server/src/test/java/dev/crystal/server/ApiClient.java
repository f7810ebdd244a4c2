package dev.crystal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON-over-HTTP client for tests against a running server (public: tests in sub-packages use it too). */
public final class ApiClient {
    public record Response(int status, JsonNode body, java.net.http.HttpHeaders headers) {
        Response(int status, JsonNode body) {
            this(status, body, java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true));
        }

        /** The first value of header {@code name}, or {@code null}. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = Json.mapper();
    private final String base;

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** POSTs a JSON body with extra headers (name, value, name, value…). */
    public Response postWithHeaders(String path, String body, String... headers) {
        return send(request(path).header("Content-Type", "application/json").headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Response post(String path, String body) {
        return post(path, body, "application/json");
    }

    /** POSTs {@code body} with the given Content-Type ({@code null}: none). */
    public Response post(String path, String body, String contentType) {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    /** PUTs {@code body} with the given Content-Type. */
    public Response put(String path, String body, String contentType) {
        return send(request(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public Response put(String path, String body) {
        return put(path, body, "application/json");
    }

    public Response patch(String path, String body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Response delete(String path) {
        return send(request(path).DELETE().build());
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    /** The body of a GET that answers text (e.g. {@code /metrics}), with the credential headers. */
    String text(String path) {
        try {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request to {@code path} carrying {@link #credentialHeaders()}. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        credentialHeaders().forEach(request::header);
        return request;
    }

    /** Headers every test request carries (raw-socket tests add them too): the one place for credentials. */
    static java.util.Map<String, String> credentialHeaders() {
        return java.util.Map.of();
    }

    /** Opens a server-sent event stream (with header name/value pairs); lines arrive as the server writes them. */
    HttpResponse<java.util.stream.Stream<String>> stream(String path, String... headers) {
        try {
            HttpRequest.Builder request = request(path).header("Accept", "text/event-stream").GET();
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Response(response.statusCode(), text == null || text.isEmpty() ? null : json.readTree(text),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
