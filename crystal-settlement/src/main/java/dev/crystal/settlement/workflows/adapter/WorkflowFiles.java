package dev.crystal.settlement.workflows.adapter;

import dev.crystal.settlement.workflows.domain.WorkflowDefinition;
import dev.crystal.settlement.workflows.domain.WorkflowDefinitionException;
import dev.crystal.settlement.workflows.domain.WorkflowSet;
import dev.crystal.settlement.workflows.domain.WorkflowSpecValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads workflow definitions: the files shipped in {@code classpath:workflows/}, then every
 * {@code *.yaml} file of an optional extra directory (in name order), each parsed, validated and
 * checked for duplicate names. Stateless; used once at start-up.
 */
public final class WorkflowFiles {
    /** The shipped workflow files, under {@code workflows/} on the classpath. */
    public static final List<String> SHIPPED = List.of(
            "settlement-to-distribution.yaml", "bonus-flow.yaml", "bonus-redemption.yaml");

    private WorkflowFiles() {
    }

    /**
     * The shipped workflows plus those in {@code extraDir} (may be {@code null}).
     *
     * @throws WorkflowDefinitionException naming the file, line and problem of the first bad file
     */
    public static WorkflowSet load(Path extraDir) {
        List<WorkflowDefinition> workflows = new ArrayList<>(shipped());
        if (extraDir != null) {
            workflows.addAll(fromDirectory(extraDir));
        }
        return new WorkflowSet(workflows);
    }

    /** Only the shipped workflows, validated. */
    public static List<WorkflowDefinition> shipped() {
        List<WorkflowDefinition> workflows = new ArrayList<>();
        for (String name : SHIPPED) {
            String resource = "workflows/" + name;
            try (InputStream in = WorkflowFiles.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new WorkflowDefinitionException("classpath:" + resource, 1, "shipped workflow file is missing");
                }
                workflows.add(parse("classpath:" + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read classpath:" + resource, e);
            }
        }
        return workflows;
    }

    /** Every {@code *.yaml} / {@code *.yml} file directly in {@code dir}, in name order. */
    public static List<WorkflowDefinition> fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new WorkflowDefinitionException(dir.toString(), 1, "workflows directory does not exist");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new WorkflowDefinitionException(dir.toString(), 1, "cannot list workflows directory: " + e.getMessage(), e);
        }
        List<WorkflowDefinition> workflows = new ArrayList<>();
        for (Path file : files) {
            workflows.add(parse(file.toString(), readFile(file)));
        }
        return workflows;
    }

    /** Parses and validates one file's text. */
    public static WorkflowDefinition parse(String source, String text) {
        return WorkflowSpecValidator.validate(YamlWorkflowReader.read(source, text));
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new WorkflowDefinitionException(file.toString(), 1, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new WorkflowDefinitionException(file.toString(), 1, "cannot read file: " + e.getMessage(), e);
        }
    }
}
