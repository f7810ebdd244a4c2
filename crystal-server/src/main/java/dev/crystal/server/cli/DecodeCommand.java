package dev.crystal.server.cli;

import dev.crystal.settlement.catalogue.MessageCatalogue;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.MessageType;
import dev.crystal.wire.MessageTypeRegistry;
import dev.crystal.wire.MessageYaml;
import dev.crystal.wire.DecodeOutcome;
import dev.crystal.wire.FrameReader;
import dev.crystal.wire.WireException;
import dev.crystal.wire.WireDecoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code crystal decode}: wire frame bytes (file or stdin) rendered as YAML for people. Works offline. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode wire frame bytes (a file, or - for standard input) and print the message as YAML; "
                + "a batch of frames (one stream entry with batching on) prints one YAML document per frame.")
public final class DecodeCommand implements Callable<Integer> {
    static final int MAX_BYTES = 16 * 1024 * 1024;

    @Parameters(index = "0", defaultValue = "-", description = "frame file, or - for standard input (default)")
    String file;

    /** The wire registry of the platform's message catalogue. */
    public static CodecSet platformCodecsForTests() {
        return platformCodecs();
    }

    static CodecSet platformCodecs() {
        MessageTypeRegistry.Builder registry = MessageTypeRegistry.builder();
        MessageCatalogue.types().forEach(t -> registry.register(MessageType.builder(t.name(), t.recordClass()).build()));
        return CodecSet.standard(registry.build(), DecoderLimits.defaults());
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
        if (isBatch(bytes)) {
            return decodeBatch(bytes, codecs, decoder, yaml);
        }
        DecodeOutcome outcome = decoder.decode(bytes);
        System.out.print(yaml.render(outcome));
        // A frame the reader refuses (unknown version, codec, type...) is shown, and the exit code says so.
        return outcome instanceof DecodeOutcome.Rejected ? 1 : 0;
    }

    /** A stream entry holding a batch of frames (batching flag on): each frame as its own YAML document. */
    private static int decodeBatch(byte[] bytes, CodecSet codecs, WireDecoder decoder, MessageYaml yaml) {
        java.util.List<byte[]> frames;
        try {
            frames = new FrameReader(codecs.limits()).readBatch(bytes);
        } catch (WireException e) {
            System.out.print("rejected:\n  reason: " + e.error() + "\n  detail: " + e.detail() + "\n");
            return 1;
        }
        int exit = 0;
        for (int i = 0; i < frames.size(); i++) {
            DecodeOutcome outcome = decoder.decode(frames.get(i));
            System.out.print("--- # frame " + (i + 1) + " of " + frames.size() + " in the batch\n");
            System.out.print(yaml.render(outcome));
            if (outcome instanceof DecodeOutcome.Rejected) {
                exit = 1;
            }
        }
        return exit;
    }

    /** A batch starts with the magic {@code C B} instead of a frame's {@code C W}. */
    private static boolean isBatch(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == 'C' && bytes[1] == 'B';
    }
}
