package dev.crystal.redis.transport;

import dev.crystal.testsupport.TransportContract;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.MessageType;
import dev.crystal.wire.MessageTypeRegistry;

/** Wire codecs for the transport tests: the contract's Ping, and Pong known only to some registries. Immutable. */
final class TestCodecs {
    /** A second message type, registered only where a test says so. */
    record Pong(String text) {
    }

    static final String PONG_TYPE = "PONG";

    private TestCodecs() {
    }

    /** Codecs knowing Ping only. */
    static CodecSet ping() {
        return CodecSet.standard(MessageTypeRegistry.builder()
                .register(MessageType.builder(TransportContract.PING_TYPE, TransportContract.Ping.class).build())
                .build(), DecoderLimits.defaults());
    }

    /** Codecs knowing Ping and Pong. */
    static CodecSet pingAndPong() {
        return CodecSet.standard(MessageTypeRegistry.builder()
                .register(MessageType.builder(TransportContract.PING_TYPE, TransportContract.Ping.class).build())
                .register(MessageType.builder(PONG_TYPE, Pong.class).build())
                .build(), DecoderLimits.defaults());
    }
}
