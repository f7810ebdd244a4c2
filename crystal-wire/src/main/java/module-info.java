/**
 * Wire codecs, frames, flags and validation. Exports the API ({@code dev.crystal.wire}) and the seed's sample
 * message set ({@code dev.crystal.wire.sample}: what {@code crystal bench codecs} measures, reused by tests);
 * {@code dev.crystal.wire.internal} is reached through the API's factories. Open for reflection: Jackson reads and
 * writes the message records. On a class path (the server's jar) the same boundary is held by ArchUnit rules
 * (docs/ARCHITECTURE.md, "Rules in the build").
 */
open module dev.crystal.wire {
    requires transitive dev.crystal.runtime;
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires org.yaml.snakeyaml;
    requires org.lz4.java;
    requires com.github.luben.zstd_jni;
    requires java.management;

    exports dev.crystal.wire;
    exports dev.crystal.wire.sample;
}
