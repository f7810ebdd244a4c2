package dev.crystal.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The load generator's own HTTP/1.1 client against a real HTTP server: fixed length, chunked, closed connections. */
class KeepAliveClientTest {

    @Test
    void readsFixedLengthAndChunkedAnswersAndReconnectsAfterAClose() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger calls = new AtomicInteger();
        List<String> auth = new CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            int call = calls.incrementAndGet();
            auth.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] sent = exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"call\":" + call + ",\"path\":\"" + exchange.getRequestURI().getPath() + "\",\"got\":"
                    + sent.length + "}").getBytes(StandardCharsets.UTF_8);
            if (call % 3 == 0) {
                exchange.getResponseHeaders().add("Connection", "close");
            }
            // even calls chunked (length 0 means chunked in the JDK server), odd ones with Content-Length
            exchange.sendResponseHeaders(call % 2 == 0 ? 201 : 200, call % 2 == 0 ? 0 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        List<String> answers = new CopyOnWriteArrayList<>();
        int requests = 12;
        CountDownLatch done = new CountDownLatch(requests);
        try (KeepAliveClient client = new KeepAliveClient(base, "k3y", 2)) {
            for (int i = 0; i < requests; i++) {
                KeepAliveClient.Request request = i % 2 == 0
                        ? new KeepAliveClient.Request("GET", "/health/live", null)
                        : new KeepAliveClient.Request("POST", "/collections/process-settlement", "{\"n\":" + i + "}");
                client.submit(request, (status, body, failure) -> {
                    answers.add(failure != null ? "failure " + failure : status + " " + body);
                    done.countDown();
                });
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.stop(0);
        }
        assertThat(answers).hasSize(requests).allSatisfy(a -> assertThat(a).matches("20[01] \\{\"call\":\\d+,.*\\}"));
        assertThat(answers).anySatisfy(a -> assertThat(a).startsWith("201 "))
                .anySatisfy(a -> assertThat(a).contains("\"path\":\"/collections/process-settlement\",\"got\":7"));
        assertThat(auth).hasSize(requests).containsOnly("Bearer k3y");
    }

    @Test
    void aRefusedConnectionIsReportedAsAFailure() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        CountDownLatch done = new CountDownLatch(1);
        List<IOException> failures = new CopyOnWriteArrayList<>();
        try (KeepAliveClient client = new KeepAliveClient(URI.create("http://127.0.0.1:" + port), null, 1)) {
            client.submit(LoadRequests.HEALTH, (status, body, failure) -> {
                failures.add(failure);
                done.countDown();
            });
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failures).singleElement().isInstanceOf(ConnectException.class);
    }
}
