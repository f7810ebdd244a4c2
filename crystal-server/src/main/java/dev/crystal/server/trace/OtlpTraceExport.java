package dev.crystal.server.trace;

import dev.crystal.store.trace.TraceRecord;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Exports the trace log's hops as OpenTelemetry spans over OTLP/HTTP (protobuf) with the OpenTelemetry Java SDK: one
 * span per hop, in one trace per operation, parented as the hops caused each other (a message's parent is the hop
 * that sent it; an outside request's messages are children of its HTTP span; a job's message of the job attempt; an
 * HTTP span of the caller's {@code traceparent}). Ids come from {@link OtelIds}, so the spans that several cluster
 * nodes export for one operation form one trace. Fed by the trace log's writer thread (after each written batch), so
 * no worker ever waits for it; the SDK's batch processor sends in the background.
 *
 * <p>Thread ownership: {@link #accept} runs on the trace writer's thread only (the id generator hands it the ids it
 * chose through a field that only that thread uses); the SDK's exporter thread sends.
 */
public final class OtlpTraceExport implements Consumer<List<TraceRecord>>, AutoCloseable {
    private static final AttributeKey<String> CORRELATION = AttributeKey.stringKey("crystal.correlation_id");
    private static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> SOURCE = AttributeKey.stringKey("crystal.from");
    private static final AttributeKey<String> NODE = AttributeKey.stringKey("crystal.node");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("crystal.outcome");
    private static final AttributeKey<String> SUBJECT = AttributeKey.stringKey("crystal.subject");
    private static final AttributeKey<Double> QUEUE_WAIT = AttributeKey.doubleKey("crystal.queue_wait_ms");
    private static final AttributeKey<Double> COMMIT_WAIT = AttributeKey.doubleKey("crystal.commit_wait_ms");

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    /** The ids of the span being started; written and read on the trace writer's thread only. */
    private String nextTraceId;
    private String nextSpanId;

    private OtlpTraceExport(URI tracesEndpoint, String node) {
        IdGenerator ids = new IdGenerator() {
            @Override
            public String generateSpanId() {
                return nextSpanId;
            }

            @Override
            public String generateTraceId() {
                return nextTraceId;
            }
        };
        this.provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "crystal",
                        AttributeKey.stringKey("service.instance.id"), node))))
                .setIdGenerator(ids)
                .setSampler(Sampler.alwaysOn())
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                                .setEndpoint(tracesEndpoint.toString()).setTimeout(Duration.ofSeconds(10)).build())
                        .setScheduleDelay(Duration.ofMillis(500)).build())
                .build();
        this.tracer = provider.get("dev.crystal.trace");
    }

    /**
     * Starts exporting to {@code endpoint}: an OTLP/HTTP base URL ({@code http://collector:4318}, to which
     * {@code /v1/traces} is added, as {@code OTEL_EXPORTER_OTLP_ENDPOINT} means) or the full traces URL.
     */
    public static OtlpTraceExport start(URI endpoint, String node) {
        String text = endpoint.toString();
        URI traces = text.endsWith("/v1/traces") ? endpoint
                : URI.create(text.endsWith("/") ? text + "v1/traces" : text + "/v1/traces");
        return new OtlpTraceExport(traces, node);
    }

    /** The endpoint from {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or {@code OTEL_EXPORTER_OTLP_ENDPOINT}, if set. */
    public static URI fromEnvironment(Map<String, String> env) {
        String traces = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (traces != null && !traces.isBlank()) {
            return URI.create(traces.trim().endsWith("/v1/traces") ? traces.trim() : traces.trim() + "/v1/traces");
        }
        String base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
        return base == null || base.isBlank() ? null : URI.create(base.trim());
    }

    @Override
    public void accept(List<TraceRecord> hops) {
        for (TraceRecord h : hops) {
            String traceId = OtelIds.traceId(h.correlationId());
            String parent = parentSpanId(h);
            Context context = Context.root();
            if (parent != null) {
                context = context.with(Span.wrap(SpanContext.createFromRemoteParent(traceId, parent,
                        TraceFlags.getSampled(), TraceState.getDefault())));
            }
            nextTraceId = traceId;
            nextSpanId = spanId(h);
            Span span = tracer.spanBuilder(name(h)).setParent(context).setSpanKind(kind(h))
                    .setStartTimestamp(h.startedMicros(), TimeUnit.MICROSECONDS)
                    .setAttribute(CORRELATION, h.correlationId())
                    .setAttribute(MESSAGE, h.messageId())
                    .setAttribute(DESTINATION, h.target())
                    .setAttribute(SOURCE, h.source())
                    .setAttribute(NODE, h.node())
                    .setAttribute(OUTCOME, h.outcome())
                    .setAttribute(QUEUE_WAIT, h.queueWaitMicros() / 1000.0)
                    .setAttribute(COMMIT_WAIT, h.commitWaitMicros() / 1000.0)
                    .startSpan();
            if (h.subject() != null) {
                span.setAttribute(SUBJECT, h.subject());
            }
            if (failed(h)) {
                span.setStatus(StatusCode.ERROR, h.detail() == null ? h.outcome() : h.detail());
            }
            span.end(h.finishedMicros(), TimeUnit.MICROSECONDS);
        }
    }

    /** The span id of a hop: its message id and worker (one published event reaches several workers). */
    static String spanId(TraceRecord h) {
        return switch (h.kind()) {
            case "http" -> OtelIds.httpSpanId(h.correlationId());
            case "message" -> OtelIds.spanId(h.messageId() + "|" + h.target());
            default -> OtelIds.spanId(h.messageId());
        };
    }

    /** The span id of the hop that caused {@code h}, or {@code null} for a root. */
    static String parentSpanId(TraceRecord h) {
        String cause = h.causationId();
        if ("http".equals(h.kind())) {
            return cause != null && cause.startsWith("w3c:") ? cause.substring(4) : null;
        }
        if (cause == null) {
            return "message".equals(h.kind()) && "external".equals(h.source()) ? OtelIds.httpSpanId(h.correlationId())
                    : null;
        }
        if ("jobs".equals(h.source()) && cause.startsWith("job:")) {
            return OtelIds.spanId(cause); // sent by a job attempt: the attempt's span
        }
        return OtelIds.spanId(cause + "|" + h.source());
    }

    private static String name(TraceRecord h) {
        return switch (h.kind()) {
            case "http" -> h.type();
            case "job" -> "job " + h.type();
            default -> h.target() + " " + h.type();
        };
    }

    private static SpanKind kind(TraceRecord h) {
        return switch (h.kind()) {
            case "http" -> SpanKind.SERVER;
            case "message" -> SpanKind.CONSUMER;
            default -> SpanKind.INTERNAL;
        };
    }

    private static boolean failed(TraceRecord h) {
        return switch (h.kind()) {
            case "http" -> h.outcome().startsWith("5");
            case "job" -> !h.outcome().equals("completed");
            default -> !h.outcome().equals("HANDLED");
        };
    }

    /** Sends what is buffered (waiting up to 10 s). */
    public void flush() {
        provider.forceFlush().join(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
