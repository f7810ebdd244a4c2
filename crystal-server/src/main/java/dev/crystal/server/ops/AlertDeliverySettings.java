package dev.crystal.server.ops;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Where alerts are delivered and how hard delivery tries; immutable and validated.
 *
 * @param webhook      each firing and resolved alert is POSTed as JSON to this URL; {@code null}: no webhook
 * @param alertmanager base URL of an Alertmanager (alerts go to {@code <url>/api/v2/alerts}); {@code null}: none
 * @param attempts     tries per notification before it is given up (logged and counted)
 * @param backoff      wait before the second try, doubling after each failure
 * @param maxBackoff   longest wait between tries
 * @param timeout      connect and answer timeout of one try
 * @param resend       Alertmanager only: active alerts are sent again this often (their {@code endsAt} is 4 × this
 *                     ahead, so Alertmanager resolves them itself if the platform stops sending)
 * @param queue        notifications waiting per channel at most; beyond, new ones are dropped and counted, never
 *                     waited for
 */
public record AlertDeliverySettings(URI webhook, URI alertmanager, int attempts, Duration backoff,
                                    Duration maxBackoff, Duration timeout, Duration resend, int queue) {
    public static final int DEFAULT_ATTEMPTS = 5;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RESEND = Duration.ofMinutes(1);
    public static final int DEFAULT_QUEUE = 1_000;

    public AlertDeliverySettings {
        webhook = checked("webhook", webhook);
        alertmanager = checked("alertmanager", alertmanager);
        if (attempts < 1 || attempts > 100) {
            throw new IllegalArgumentException("alerts.delivery.attempts must be within 1..100, was " + attempts);
        }
        positive("backoff", backoff);
        positive("maxBackoff", maxBackoff);
        positive("timeout", timeout);
        positive("resend", resend);
        if (maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("alerts.delivery.maxBackoff " + maxBackoff + " must be at least the "
                    + "backoff " + backoff);
        }
        if (queue < 1) {
            throw new IllegalArgumentException("alerts.delivery.queue must be at least 1, was " + queue);
        }
    }

    /** No delivery: alerts are only shown and logged. */
    public static AlertDeliverySettings none() {
        return new AlertDeliverySettings(null, null, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, DEFAULT_MAX_BACKOFF,
                DEFAULT_TIMEOUT, DEFAULT_RESEND, DEFAULT_QUEUE);
    }

    /** The same retry policy with these destinations. */
    public AlertDeliverySettings withTargets(URI webhook, URI alertmanager) {
        return new AlertDeliverySettings(webhook, alertmanager, attempts, backoff, maxBackoff, timeout, resend, queue);
    }

    /** The same destinations with this retry policy. */
    public AlertDeliverySettings withRetries(int attempts, Duration backoff, Duration maxBackoff, Duration timeout,
                                             Duration resend, int queue) {
        return new AlertDeliverySettings(webhook, alertmanager, attempts, backoff, maxBackoff, timeout, resend, queue);
    }

    /** Whether any destination is set. */
    public boolean delivers() {
        return webhook != null || alertmanager != null;
    }

    private static URI checked(String name, URI url) {
        if (url == null) {
            return null;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("alerts." + name + " must be an http:// or https:// URL with a host, "
                    + "was '" + url + "'");
        }
        return url;
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("alerts.delivery." + name + " must be a positive duration, was " + d);
        }
    }
}
