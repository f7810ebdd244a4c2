package dev.crystal.server.cli;

import dev.crystal.server.cluster.PlatformWireTypes;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.MessageYaml;
import dev.crystal.wire.DecodeOutcome;
import dev.crystal.wire.WireDecoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code crystal decode}: wire frame bytes (file or stdin) rendered as YAML for people. Works offline. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode wire frame bytes (a file, or - for standard input) and print the message as YAML.")
public final class DecodeCommand implements Callable<Integer> {
    static final int MAX_BYTES = 16 * 1024 * 1024;

    @Parameters(index = "0", defaultValue = "-", description = "frame file, or - for standard input (default)")
    String file;

    /** The platform's wire codecs: every cross-node record, as the cluster registers them. */
    public static CodecSet platformCodecsForTests() {
        return platformCodecs();
    }

    static CodecSet platformCodecs() {
        return PlatformWireTypes.codecs();
    }

    @Override
    public Integer call() throws Exception {
        byte[] bytes = file.equals("-") ? System.in.readNBytes(MAX_BYTES + 1) : Files.readAllBytes(Path.of(file));
        if (bytes.length > MAX_BYTES) {
            System.err.println("crystal decode: input is larger than " + MAX_BYTES + " bytes");
            return 1;
        }
        CodecSet codecs = platformCodecs();
        DecodeOutcome outcome = new WireDecoder(codecs, rejected -> { }, new SimpleMeterRegistry()).decode(bytes);
        System.out.print(new MessageYaml(codecs).render(outcome));
        // A frame the reader refuses (unknown version, codec, type...) is shown, and the exit code says so.
        return outcome instanceof DecodeOutcome.Rejected ? 1 : 0;
    }
}
