package dev.crystal.server.ops;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP receiver (the JDK's HttpServer) standing in for a webhook or Alertmanager: records every POST body by
 * path, answers {@code failFirst} requests with 503, and can hold every answer until {@link #release()}.
 */
final class AlertReceiver implements AutoCloseable {
    record Received(String path, String body, String contentType) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;
    private final int failFirst;
    private final CountDownLatch hold;

    AlertReceiver(int failFirst, boolean holdAnswers) throws IOException {
        this.failFirst = failFirst;
        this.hold = new CountDownLatch(holdAnswers ? 1 : 0);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int n = requests.incrementAndGet();
            int status = n <= failFirst ? 503 : 200;
            if (status == 200) {
                received.add(new Received(exchange.getRequestURI().getPath(), body,
                        exchange.getRequestHeaders().getFirst("Content-Type")));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void release() {
        hold.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
