package dev.crystal.store;

/** A storage failure that callers cannot handle locally (disk, schema, driver). */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
