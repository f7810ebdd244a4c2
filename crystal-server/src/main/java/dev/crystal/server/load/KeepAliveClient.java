package dev.crystal.server.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The load generator's HTTP/1.1 client for the measured requests: a fixed number of keep-alive connections, each
 * owned by one virtual thread that takes the next request from a shared queue, writes it and reads the answer
 * (Content-Length or chunked). Far lighter per request than {@code java.net.http.HttpClient}, so the generator
 * is not what a run measures. Plain http only. Thread ownership: {@link #submit} from any thread; each
 * connection's socket and buffers belong to its virtual thread.
 */
final class KeepAliveClient implements AutoCloseable {
    /** A request to send: method, path with query, JSON body or {@code null}. */
    record Request(String method, String path, String body) {
    }

    /** Told the answer (status and body) or the failure of a request, on a connection's thread. */
    interface Callback {
        void done(int status, String body, IOException failure);
    }

    private record Task(Request request, Callback callback) {
    }

    private static final Task STOP = new Task(null, null);
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = (int) LoadRequests.REQUEST_TIMEOUT.toMillis();

    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final InetSocketAddress address;
    private final String fixedHeaders;

    /**
     * Opens nothing yet: each of the {@code connections} threads connects on its first request.
     *
     * @throws IllegalArgumentException for an https target (use the JDK client there)
     */
    KeepAliveClient(URI base, String apiKey, int connections) {
        if (!"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("the load client speaks plain http, not " + base.getScheme());
        }
        int port = base.getPort() < 0 ? 80 : base.getPort();
        this.address = new InetSocketAddress(base.getHost(), port);
        this.fixedHeaders = "Host: " + base.getHost() + ":" + port + "\r\n"
                + (apiKey == null ? "" : "Authorization: Bearer " + apiKey + "\r\n");
        for (int i = 0; i < connections; i++) {
            workers.add(Thread.ofVirtual().name("crystal-load-connection-" + i).start(this::work));
        }
    }

    /** Queues {@code request}; {@code callback} is told its answer once a connection has sent it. */
    void submit(Request request, Callback callback) {
        queue.add(new Task(request, callback));
    }

    private void work() {
        Socket socket = null;
        InputStream in = null;
        OutputStream out = null;
        try {
            while (true) {
                Task task = queue.take();
                if (task == STOP) {
                    return;
                }
                try {
                    if (socket == null) {
                        socket = new Socket();
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(READ_TIMEOUT_MS);
                        socket.connect(address, CONNECT_TIMEOUT_MS);
                        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                        out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
                    }
                    out.write(bytes(task.request()));
                    out.flush();
                    Answer answer = read(in);
                    if (answer.close()) {
                        closeQuietly(socket);
                        socket = null;
                    }
                    task.callback().done(answer.status(), answer.body(), null);
                } catch (IOException e) {
                    closeQuietly(socket);
                    socket = null;
                    task.callback().done(0, null, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(socket);
        }
    }

    private byte[] bytes(Request request) {
        byte[] body = request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.UTF_8);
        String head = request.method() + " " + request.path() + " HTTP/1.1\r\n" + fixedHeaders
                + (request.body() == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n") + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private record Answer(int status, String body, boolean close) {
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                all.write(exactly(in, size));
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers are ignored
            }
            body = all.toByteArray();
        } else if (length >= 0) {
            body = exactly(in, (int) length);
        } else {
            body = in.readAllBytes();
            close = true;
        }
        return new Answer(status, new String(body, StandardCharsets.UTF_8), close);
    }

    private static int chunkSize(String line) {
        int semicolon = line.indexOf(';');
        return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
    }

    private static byte[] exactly(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("connection closed in the middle of an answer");
        }
        return bytes;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Stops the connection threads once the queued requests are sent, and waits for them (at most 5 s in all). */
    @Override
    public void close() {
        for (int i = 0; i < workers.size(); i++) {
            queue.add(STOP);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (Thread worker : workers) {
            try {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                worker.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            worker.interrupt();
        }
    }
}
