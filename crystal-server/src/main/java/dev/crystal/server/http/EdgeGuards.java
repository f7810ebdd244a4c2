package dev.crystal.server.http;

import dev.crystal.server.auth.Principal;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;

/**
 * The checks every request passes before its route: the declared body size (413), the media type
 * of anything that changes state (415; a cross-origin HTML form can only send
 * {@code text/plain}, {@code application/x-www-form-urlencoded} or {@code multipart/form-data}, so
 * requiring JSON blocks cross-site request forgery), and the request rate per key (429 with
 * {@code Retry-After}). Stateless apart from the thread-safe rate limiter; runs on request threads.
 */
final class EdgeGuards {
    /** Request attribute holding the authenticated principal's id (set by authentication), the rate-limit key. */
    static final String PRINCIPAL_ATTRIBUTE = "crystal.principal";
    static final String JSON = "application/json";
    /** Media types accepted by the YAML endpoints ({@code PUT /admin/flags}); JSON is YAML too. */
    static final Set<String> YAML_TYPES = Set.of("application/yaml", "application/x-yaml", "text/yaml",
            "text/x-yaml", JSON);
    private static final Set<String> UNSAFE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final HttpLimits limits;
    private final RateLimiter rates;
    private final Set<String> yamlPaths;

    EdgeGuards(HttpLimits limits, Set<String> yamlPaths) {
        this.limits = limits;
        this.rates = new RateLimiter(limits.rateLimit());
        this.yamlPaths = yamlPaths;
    }

    void mount(Javalin app) {
        app.before(this::checkBody);
        // after every before-handler (authentication sets the principal there), only for real routes
        app.beforeMatched(this::checkRate);
    }

    private void checkBody(Context ctx) {
        String method = ctx.req().getMethod();
        if (!UNSAFE_METHODS.contains(method)) {
            return;
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > limits.maxBodyBytes()) {
            ctx.header("Connection", "close");
            throw BoundedBody.tooLarge(limits.maxBodyBytes(), declared);
        }
        String contentType = ctx.req().getContentType();
        boolean hasBody = declared > 0 || ctx.header("Transfer-Encoding") != null;
        if (contentType == null || contentType.isBlank()) {
            if (hasBody) {
                throw unsupported(ctx, null);
            }
            return;
        }
        boolean yaml = yamlPaths.contains(ctx.path());
        if (yaml ? !isYaml(contentType) : !isJson(contentType)) {
            throw unsupported(ctx, contentType);
        }
    }

    private ApiError unsupported(Context ctx, String given) {
        boolean yaml = yamlPaths.contains(ctx.path());
        String wanted = yaml ? "a YAML media type (application/yaml, application/x-yaml, text/yaml) or application/json"
                : "Content-Type: application/json";
        return new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type", (given == null
                ? "a request body needs a Content-Type; " : "Content-Type '" + brief(given) + "' is not accepted; ")
                + ctx.method() + " " + ctx.path() + " takes " + wanted);
    }

    /** Whether {@code contentType} is {@code application/json}, optionally with a UTF-8 charset. */
    static boolean isJson(String contentType) {
        return mediaType(contentType).equals(JSON) && utf8(contentType);
    }

    static boolean isYaml(String contentType) {
        return YAML_TYPES.contains(mediaType(contentType)) && utf8(contentType);
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean utf8(String contentType) {
        for (String parameter : contentType.split(";")) {
            String p = parameter.strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                String charset = p.substring("charset=".length()).replace("\"", "");
                return charset.equals("utf-8") || charset.equals("utf8");
            }
        }
        return true;
    }

    private static String brief(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "…" : text;
    }

    private void checkRate(Context ctx) {
        Object principal = ctx.attribute(PRINCIPAL_ATTRIBUTE);
        String key = principal instanceof Principal caller ? "key:" + caller.keyId()
                : principal instanceof String id && !id.isBlank() ? "key:" + id : "addr:" + ctx.req().getRemoteAddr();
        if (rates.acquire(key) instanceof RateLimiter.Decision.Refused refused) {
            long seconds = refused.retryAfterSeconds();
            ctx.header("Retry-After", String.valueOf(seconds));
            throw new ApiError(429, "RATE_LIMITED", null, "more than " + rates.limit() + " requests for this "
                    + (principal == null ? "client address" : "key") + "; retry after " + seconds + " s");
        }
    }
}
