package dev.crystal.redis.transport;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the transport's Lua scripts (each {@code common.lua} followed by the operation) with EVALSHA, loading a
 * script again when Redis answers NOSCRIPT (restart, failover). The table is built at construction and only
 * read afterwards, from any thread; the Lettuce connection is thread-safe and pipelines concurrent calls.
 */
final class StreamScripts {

    /** The scripts, named after their files. */
    enum Name {
        SEND, OPEN_GROUP, RECLAIM, DEAD_LETTER, ACK
    }

    private record Script(String source, String sha) {
    }

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final Duration timeout;
    private final Map<Name, Script> scripts = new EnumMap<>(Name.class);

    StreamScripts(RedisClusterAsyncCommands<String, byte[]> redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
        String common = resource("common");
        for (Name name : Name.values()) {
            String source = common + "\n" + resource(name.name().toLowerCase(Locale.ROOT));
            scripts.put(name, new Script(source, await(redis.scriptLoad(source))));
        }
    }

    /** Starts a script; the caller awaits the result (several may be in flight: one round trip). */
    <T> CompletableFuture<T> start(Name name, ScriptOutputType type, String[] keys, List<byte[]> args) {
        Script script = scripts.get(name);
        byte[][] values = args.toArray(byte[][]::new);
        CompletableFuture<T> first = redis.<T>evalsha(script.sha(), type, keys, values).toCompletableFuture();
        return first.exceptionallyCompose(failure -> unwrap(failure) instanceof RedisNoScriptException
                ? redis.<T>eval(script.source(), type, keys, values).toCompletableFuture()
                : CompletableFuture.failedFuture(unwrap(failure)));
    }

    /** Runs a script and waits for its result. */
    <T> T run(Name name, ScriptOutputType type, String[] keys, List<byte[]> args) {
        return await(start(name, type, keys, args));
    }

    /** Waits for a Redis reply within the connection timeout; failures become {@link RedisException}s. */
    <T> T await(Future<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while waiting for Redis", e);
        } catch (TimeoutException e) {
            throw new RedisException("Redis did not answer within " + timeout, e);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            throw cause instanceof RedisException redisFailure ? redisFailure
                    : new RedisException("Redis call failed: " + cause.getMessage(), cause);
        }
    }

    /** The UTF-8 bytes of a script argument. */
    static byte[] arg(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** The decimal bytes of a number argument. */
    static byte[] arg(long value) {
        return arg(Long.toString(value));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String resource(String name) {
        String path = name + ".lua";
        try (InputStream in = StreamScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script " + path, e);
        }
    }
}
