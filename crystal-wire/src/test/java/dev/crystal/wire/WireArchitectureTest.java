package dev.crystal.wire;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.crystal.testsupport.LayerRules;
import org.junit.jupiter.api.Test;

/**
 * crystal-wire's layering, like the runtime's: the API ({@code dev.crystal.wire}) is usable without
 * {@code wire.internal}, only the classes that build an implementation name it, and the implementation's public
 * classes are a closed list. The module-info exports the API only.
 */
class WireArchitectureTest {
    static final String ROOT = "dev.crystal.wire";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    @Test
    void apiSignaturesNameNoInternalType() {
        LayerRules.apiSignaturesNameNoInternals(ROOT).check(CLASSES);
    }

    @Test
    void onlyTheFactoriesNameTheImplementation() {
        LayerRules.onlyFactoriesReachInternals(ROOT, "CodecSet", "FrameReader", "FrameWriter", "MessageType",
                "MessageYaml", "SafeYaml", "WireDecoder", "WireEncoder", "WireFlagsYaml").check(CLASSES);
    }

    @Test
    void theImplementationsPublicClassesAreAClosedList() {
        LayerRules.internalsAreHidden(ROOT, "BinaryRecordCodec", "BodyCompressor", "CompiledConstraint",
                "FlagsDocument", "JacksonMappers", "JsonCodec", "SafeYamlReader", "WireInput", "WireOutput",
                "YamlCodec").check(CLASSES);
    }
}
