package dev.crystal.redis.jobs;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the store's Lua scripts with EVALSHA. Every script is loaded when the store opens (so a script that
 * does not compile fails the open) and loaded again when Redis no longer knows it (restart, failover). Each script is the shared {@code common.lua} followed by the operation's body. The
 * script table is built once at construction and only read afterwards, from any thread; Lettuce's
 * connection is thread-safe. Works on a standalone and a cluster connection alike (on a cluster, Lettuce
 * loads scripts on every node and routes EVALSHA by the key base's slot).
 */
final class LuaScripts {
    private record Script(String source, String sha) {
    }

    private final RedisScriptingCommands<String, String> redis;
    private final String[] keys;
    private final Map<String, Script> scripts = new HashMap<>();

    LuaScripts(RedisScriptingCommands<String, String> redis, String keyBase, int eventsMaxLen) {
        this.redis = redis;
        this.keys = new String[] {keyBase};
        String common = resource("common").replace("%EVENTS_MAXLEN%", Integer.toString(eventsMaxLen));
        for (String name : List.of("add", "add_flow", "finish_and_claim", "extend_locks", "recover_stalled",
                "progress", "log", "job", "logs", "children_values", "counts", "list", "queue_names", "set_paused",
                "is_paused", "retry", "remove", "clean", "schedule_upsert", "schedule_remove", "schedule_read",
                "schedule_earliest", "schedule_fire", "limit_acquire", "limit_release", "promote", "update_data",
                "obliterate", "schedule_pause", "events_read", "events_last")) {
            String source = common + "\n" + resource(name);
            scripts.put(name, new Script(source, redis.scriptLoad(source)));
        }
    }

    /** Runs a script returning a flat list. */
    ReplyCursor list(String name, List<String> args) {
        List<Object> reply = run(name, ScriptOutputType.MULTI, args);
        return new ReplyCursor(reply);
    }

    /** Runs a script returning one string. */
    String text(String name, List<String> args) {
        Object reply = run(name, ScriptOutputType.VALUE, args);
        return reply == null ? "" : reply.toString();
    }

    /** Runs a script returning one integer. */
    long number(String name, List<String> args) {
        Long reply = run(name, ScriptOutputType.INTEGER, args);
        return reply;
    }

    private <T> T run(String name, ScriptOutputType type, List<String> args) {
        Script script = scripts.get(name);
        if (script == null) {
            throw new IllegalArgumentException("no Lua script named '" + name + "'");
        }
        String[] values = args.toArray(String[]::new);
        try {
            return redis.evalsha(script.sha(), type, keys, values);
        } catch (RedisNoScriptException notLoaded) {
            redis.scriptLoad(script.source());
            return redis.evalsha(script.sha(), type, keys, values);
        }
    }

    private static String resource(String name) {
        String path = name + ".lua";
        try (InputStream in = LuaScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script " + path, e);
        }
    }
}
