package dev.crystal.server.cli;

import dev.crystal.server.cluster.PlatformWireTypes;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.DecodeOutcome;
import dev.crystal.wire.FrameReader;
import dev.crystal.wire.MessageYaml;
import dev.crystal.wire.WireDecoder;
import dev.crystal.wire.WireException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crystal decode}: wire frame bytes (file or stdin) rendered as YAML for people. Reads every frame the
 * platform writes (every cross-node record, every codec and compression), raw or base64 ({@code --base64}, as
 * {@code crystal tail --raw} prints them), single frames or batches. Works offline.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode wire frame bytes (a file, or - for standard input) and print the message as YAML. "
                + "With --base64 the input is base64 text (one frame per line, as crystal tail --raw prints).")
public final class DecodeCommand implements Callable<Integer> {
    static final int MAX_BYTES = 16 * 1024 * 1024;

    @Parameters(index = "0", defaultValue = "-", description = "frame file, or - for standard input (default)")
    String file;

    @Option(names = "--base64", description = "The input is base64 text, one frame per line")
    boolean base64;

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
        WireDecoder decoder = new WireDecoder(codecs, rejected -> { }, new SimpleMeterRegistry());
        MessageYaml yaml = new MessageYaml(codecs);
        List<byte[]> inputs = new ArrayList<>();
        if (!base64) {
            inputs.add(bytes);
        } else {
            for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\\R")) {
                if (!line.isBlank()) {
                    try {
                        inputs.add(Base64.getDecoder().decode(line.strip()));
                    } catch (IllegalArgumentException e) {
                        System.err.println("crystal decode: not base64: " + e.getMessage());
                        return 1;
                    }
                }
            }
        }
        int exit = 0;
        boolean first = true;
        for (byte[] input : inputs) {
            // A batch (magic "CB") is decoded frame by frame.
            List<byte[]> frames = List.of(input);
            if (input.length > 1 && input[0] == 'C' && input[1] == 'B') {
                try {
                    frames = new FrameReader(codecs.limits()).readBatch(input);
                } catch (WireException e) {
                    System.out.print((first ? "" : "---\n") + "rejected:\n  reason: " + e.error() + "\n  detail: "
                            + e.detail() + "\n");
                    first = false;
                    exit = 1;
                    continue;
                }
            }
            for (byte[] frame : frames) {
                DecodeOutcome outcome = decoder.decode(frame);
                // A frame the reader refuses (unknown version, codec, type...) is shown, and the exit code says so.
                System.out.print((first ? "" : "---\n") + yaml.render(outcome));
                first = false;
                if (outcome instanceof DecodeOutcome.Rejected) {
                    exit = 1;
                }
            }
        }
        return exit;
    }
}
