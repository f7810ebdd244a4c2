package dev.crystal.server.cli;

import dev.crystal.server.ops.AlertSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --alert-rules FILE} into validated {@link AlertSettings}; a bad file is a usage error. */
public final class AlertRulesConverter implements ITypeConverter<AlertSettings> {
    @Override
    public AlertSettings convert(String value) {
        Path file = Path.of(value);
        if (!Files.isReadable(file)) {
            throw new TypeConversionException("cannot read alert rules file '" + value + "'");
        }
        try {
            return AlertSettings.fromYaml(file);
        } catch (IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new TypeConversionException("alert rules file '" + value + "': " + root.getMessage());
        }
    }
}
