package dev.crystal.server.http;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI description shipped in the jar at {@code GET /openapi.yaml}. Immutable after load. */
final class OpenApiRoute {
    static final String RESOURCE = "/openapi.yaml";

    private final byte[] document;

    OpenApiRoute() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the server jar");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void mount(Javalin app) {
        app.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(document));
    }
}
