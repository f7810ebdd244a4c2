package dev.crystal.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.runtime.Address;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.server.cluster.PlatformWireTypes;
import dev.crystal.settlement.catalogue.ContractsJson;
import dev.crystal.settlement.catalogue.MessageCatalogue;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.wire.WireEncoder;
import dev.crystal.wire.WireSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Lets people watch the platform's messages live: a worker subscribed to every domain event
 * renders each one as a YAML document — or, for a raw watcher, as the wire frame the platform writes for it
 * (base64) — and hands it to the current watchers (e.g. {@code crystal tail}, {@code crystal tail --raw}).
 * Thread ownership: {@link #onMessage} runs on the tap worker's thread; watchers are added
 * and removed from request threads (copy-on-write list).
 */
public final class MessageTap implements Worker<DomainEvent> {
    /** The tap's address; subscribe it to {@link DomainEvent}. */
    public static final Address<DomainEvent> ADDRESS = Address.of("tap", DomainEvent.class);

    /**
     * One watcher with its filters (null = everything).
     *
     * @param frameSettings null for YAML documents; otherwise the wire settings (codec, compression) each
     *                      message's frame is written with, and the sink receives the frame in base64
     */
    public record Watcher(String domain, String type, Consumer<String> sink,
                          Function<Envelope<?>, WireSettings> frameSettings) {
        /** A watcher of YAML documents. */
        public Watcher(String domain, String type, Consumer<String> sink) {
            this(domain, type, sink, null);
        }
    }

    private final CopyOnWriteArrayList<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final ObjectMapper yaml = ContractsJson.yamlMapper();
    private final WireEncoder frames = new WireEncoder(PlatformWireTypes.codecs(), new SimpleMeterRegistry());

    public void watch(Watcher watcher) {
        watchers.add(watcher);
    }

    public void unwatch(Watcher watcher) {
        watchers.remove(watcher);
    }

    public int watching() {
        return watchers.size();
    }

    @Override
    public void onMessage(Envelope<DomainEvent> envelope, WorkerContext context) throws JsonProcessingException {
        if (watchers.isEmpty()) {
            return;
        }
        var type = MessageCatalogue.typeOf(envelope.payload());
        String document = null;
        for (Watcher w : watchers) {
            if ((w.domain() == null || w.domain().equals(type.domain()) || w.domain().equals(envelope.source()))
                    && (w.type() == null || w.type().equalsIgnoreCase(type.name()))) {
                if (w.frameSettings() != null) {
                    w.sink().accept(Base64.getEncoder().encodeToString(
                            frames.encode(envelope, w.frameSettings().apply(envelope))));
                    continue;
                }
                if (document == null) {
                    document = render(envelope, type.name());
                }
                w.sink().accept(document);
            }
        }
    }

    private String render(Envelope<DomainEvent> e, String typeName) throws JsonProcessingException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", typeName);
        doc.put("messageId", e.messageId());
        doc.put("correlationId", e.correlationId());
        doc.put("causationId", e.causationId());
        doc.put("source", e.source());
        doc.put("timestamp", e.timestamp().toString());
        doc.put("payload", e.payload());
        return yaml.writeValueAsString(doc);
    }
}
