package dev.crystal.server.chaos;

import dev.crystal.server.load.LoadListener;
import dev.crystal.server.load.LoadProgress;
import dev.crystal.server.load.OperationKind;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every answer of a chaos run's load, kept so the audit can check each acknowledged operation against the stores
 * and the duplicate faults can send acknowledged requests again. Thread-safe: the load's virtual threads add, the
 * chaos run's thread reads.
 */
final class Acknowledgements implements LoadListener {
    /** One answered operation: {@code status} -1 when no HTTP answer came. */
    record Answer(OperationKind kind, String id, HttpRequest request, int status, String body) {
        boolean acknowledged() {
            return status / 100 == 2;
        }
    }

    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final CountDownLatch loadStarted = new CountDownLatch(1);
    private volatile String customerPrefix;

    @Override
    public void onProgress(LoadProgress progress) {
    }

    @Override
    public void onCustomers(String customerIdPrefix, int customers) {
        customerPrefix = customerIdPrefix;
        loadStarted.countDown();
    }

    @Override
    public void onAnswer(OperationKind kind, String id, Supplier<HttpRequest> request, int status, String body) {
        answers.add(new Answer(kind, id, request.get(), status, body));
    }

    /** Waits until the load's customers exist and operations start; false after {@code seconds}. */
    boolean awaitLoad(long seconds) throws InterruptedException {
        return loadStarted.await(seconds, TimeUnit.SECONDS);
    }

    /** The prefix of the run's customer ids (followed by 0, 1, ...), or null before the load started. */
    String customerPrefix() {
        return customerPrefix;
    }

    /** The answers so far, in the order they came. */
    List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** The acknowledged (2xx) answers so far. */
    List<Answer> acknowledged() {
        return answers.stream().filter(Answer::acknowledged).toList();
    }
}
