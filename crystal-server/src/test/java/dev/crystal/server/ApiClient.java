package dev.crystal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one HTTP client tests use against a running server: JSON in and out, and the API key on every request
 * ({@code Authorization: Bearer}). {@link #ApiClient(CrystalServer)} uses the server's admin key; {@link #as}
 * gives the same client with another key, {@link #anonymous()} one with none.
 */
public final class ApiClient {
    /** An answer: status, JSON body (or {@code null} when empty or not JSON) and headers. */
    public record Response(int status, JsonNode body, HttpHeaders headers) {
        public Response(int status, JsonNode body) {
            this(status, body, HttpHeaders.of(Map.of(), (a, b) -> true));
        }

        /** The first value of header {@code name}, or {@code null}. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The admin key of the server last given to {@link #ApiClient(CrystalServer)}, for {@link #credentialHeaders()}. */
    private static volatile String lastAdminKey;
    private final ObjectMapper json = Json.mapper();
    private final String base;
    private final String key;

    /** A client of {@code server} with its admin key (the one made on first start, or its data dir's admin.key). */
    public ApiClient(CrystalServer server) {
        this(server.port(), adminKey(server));
        lastAdminKey = key;
    }

    /** A client of the server on {@code port} sending {@code key} ({@code null}: none). */
    public ApiClient(int port, String key) {
        this.base = "http://127.0.0.1:" + port;
        this.key = key;
    }

    /** A client of the server on {@code port} with no key. */
    public ApiClient(int port) {
        this(port, null);
    }

    /** The admin key of {@code server}. */
    public static String adminKey(CrystalServer server) {
        return server.firstAdminKey().orElseGet(() -> {
            Path dataDir = server.platform().dataDir();
            try {
                return dataDir == null ? null : Files.readString(dataDir.resolve(CrystalServer.ADMIN_KEY_FILE)).trim();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** This client with {@code otherKey} instead. */
    public ApiClient as(String otherKey) {
        return new ApiClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherKey);
    }

    /** This client without a key. */
    public ApiClient anonymous() {
        return as(null);
    }

    /** The key this client sends, or {@code null}. */
    public String key() {
        return key;
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response put(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A PUT of JSON. */
    public Response put(String path, String body) {
        return put(path, body, "application/json");
    }

    /** A PATCH of JSON. */
    public Response patch(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A GET whose answer is not JSON (metrics, YAML, HTML): the raw text. */
    public HttpResponse<String> getText(String path) {
        return raw(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** Sends {@code request} with this client's key added. */
    public Response send(HttpRequest request) {
        HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true);
        return send(copy, request.timeout().isEmpty());
    }

    /** Sends {@code request} with this client's key added. */
    public Response send(HttpRequest.Builder request) {
        return send(request, true);
    }

    private Response send(HttpRequest.Builder request, boolean defaultTimeout) {
        HttpResponse<String> response = raw(request, defaultTimeout);
        String text = response.body();
        JsonNode body;
        try {
            body = text == null || text.isEmpty() ? null : json.readTree(text);
        } catch (IOException notJson) {
            body = null;
        }
        return new Response(response.statusCode(), body, response.headers());
    }

    /** POSTs a JSON body with extra headers (name, value, name, value…). */
    public Response postWithHeaders(String path, String body, String... headers) {
        return send(request(path).header("Content-Type", "application/json").headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** POSTs {@code body} with the given Content-Type ({@code null}: none). */
    public Response post(String path, String body, String contentType) {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    /** The body of a GET that answers text (e.g. {@code /metrics}), with this client's key. */
    String text(String path) {
        return getText(path).body();
    }

    /** A request to {@code path} carrying this client's key. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return request;
    }

    /**
     * Headers a raw-socket request ({@link RawHttp}) carries: the admin key of the server a test started last
     * through {@link #ApiClient(CrystalServer)} (test classes run one at a time), or none.
     */
    static Map<String, String> credentialHeaders() {
        String admin = lastAdminKey;
        return admin == null ? Map.of() : Map.of("Authorization", "Bearer " + admin);
    }

    /** Opens a server-sent event stream (with header name/value pairs); lines arrive as the server writes them. */
    public HttpResponse<Stream<String>> stream(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (key != null) {
            request.setHeader("Authorization", "Bearer " + key);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code request} with this client's key added; the answer as text. */
    public HttpResponse<String> raw(HttpRequest.Builder request) {
        return raw(request, true);
    }

    private HttpResponse<String> raw(HttpRequest.Builder request, boolean defaultTimeout) {
        if (key != null) {
            request.setHeader("Authorization", "Bearer " + key);
        }
        if (defaultTimeout) {
            request.timeout(Duration.ofSeconds(30));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
