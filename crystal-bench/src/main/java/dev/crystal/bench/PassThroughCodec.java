package dev.crystal.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/** Lets the Vert.x local event bus pass a record by reference (no copy), as Crystal does. Stateless. */
public final class PassThroughCodec<T> implements MessageCodec<T, T> {
    private final String name;

    public PassThroughCodec(Class<T> type) {
        this.name = "pass-through-" + type.getName();
    }

    @Override
    public void encodeToWire(Buffer buffer, T value) {
        throw new UnsupportedOperationException("local delivery only");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException("local delivery only");
    }

    @Override
    public T transform(T value) {
        return value;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
