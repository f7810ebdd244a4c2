package dev.crystal.server.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers (malformed HTTP, headers too large, errors raised outside the routes)
 * in the API's JSON error shape instead of an HTML page, never with a stack trace. Stateless.
 */
public final class JsonErrorHandler extends ErrorHandler {
    public JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        if (response.isCommitted()) {
            return;
        }
        int status = response.getStatus() < 400 ? 500 : response.getStatus();
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(body(status, HttpStatus.getMessage(status)));
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status, reason == null ? HttpStatus.getMessage(status) : reason));
    }

    /** The JSON error document for a status Jetty answers by itself. */
    static byte[] body(int status, String reason) {
        String code = HttpApi.httpErrorCode(status);
        String message = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        return ("{\"error\":\"" + code + "\",\"message\":\"" + escape(message) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? ' ' : c);
            }
        }
        return out.toString();
    }
}
