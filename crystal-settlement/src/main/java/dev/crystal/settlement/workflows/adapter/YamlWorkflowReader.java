package dev.crystal.settlement.workflows.adapter;

import dev.crystal.settlement.workflows.domain.Located;
import dev.crystal.settlement.workflows.domain.StepSpec;
import dev.crystal.settlement.workflows.domain.WorkflowDefinitionException;
import dev.crystal.settlement.workflows.domain.WorkflowSpec;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the structure of one workflow file with SnakeYAML's node API, which keeps line numbers:
 * YAML syntax, the {@code workflow}/{@code description}/{@code steps} keys, each step's
 * {@code id}/{@code domain}/{@code action}/{@code message}/{@code after}, nothing else. Meaning
 * (domains, actions, cycles…) is checked by the domain's validator. Stateless.
 */
public final class YamlWorkflowReader {
    private static final Set<String> WORKFLOW_KEYS = Set.of("workflow", "description", "steps");
    private static final Set<String> STEP_KEYS = Set.of("id", "domain", "action", "message", "after");
    private static final int MAX_FILE_CHARS = 1_000_000;

    private YamlWorkflowReader() {
    }

    /**
     * Parses {@code text} read from {@code source}.
     *
     * @throws WorkflowDefinitionException naming the source, line and problem
     */
    public static WorkflowSpec read(String source, String text) {
        if (text.length() > MAX_FILE_CHARS) {
            throw new WorkflowDefinitionException(source, 1, "file larger than " + MAX_FILE_CHARS + " characters");
        }
        Node root = compose(source, text);
        if (root == null) {
            throw new WorkflowDefinitionException(source, 1, "empty file: missing 'workflow' and 'steps'");
        }
        Map<String, NodeTuple> top = mapping(source, root, "a workflow file", WORKFLOW_KEYS);
        NodeTuple workflow = top.get("workflow");
        if (workflow == null) {
            throw new WorkflowDefinitionException(source, line(root), "missing 'workflow' (the workflow's name)");
        }
        Located<String> name = text(source, workflow, "workflow");
        if (!name.value().matches("[A-Z][A-Z0-9_]*")) {
            throw new WorkflowDefinitionException(source, name.line(),
                    "workflow name must be SCREAMING_SNAKE_CASE, e.g. SETTLEMENT_TO_DISTRIBUTION, was '" + name.value() + "'");
        }
        Located<String> description = top.containsKey("description") && !isNull(top.get("description").getValueNode())
                ? text(source, top.get("description"), "description") : null;
        NodeTuple stepsTuple = top.get("steps");
        if (stepsTuple == null) {
            throw new WorkflowDefinitionException(source, line(root), "missing 'steps' (the list of steps)");
        }
        if (!(stepsTuple.getValueNode() instanceof SequenceNode stepNodes) || stepNodes.getValue().isEmpty()) {
            throw new WorkflowDefinitionException(source, line(stepsTuple.getKeyNode()),
                    "'steps' must be a non-empty list of steps");
        }
        List<StepSpec> steps = new ArrayList<>();
        for (Node stepNode : stepNodes.getValue()) {
            steps.add(step(source, stepNode));
        }
        return new WorkflowSpec(source, name, description, steps);
    }

    private static Node compose(String source, String text) {
        // the same guards as the platform's safe YAML reader (crystal-wire SafeYaml), kept here because
        // workflow errors need the node positions: no duplicate keys, no tags, no merge keys, bounded size
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(32);
        options.setCodePointLimit(1 << 20);
        options.setMergeOnCompose(false);
        options.setTagInspector(tag -> false);
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getContext() != null ? e.getContext() + ", " + e.getProblem() : e.getProblem();
            int line = mark == null ? 1 : mark.getLine() + 1;
            throw new WorkflowDefinitionException(source, line, "YAML syntax error: " + problem
                    + quoteLine(text, line), e);
        } catch (YAMLException e) {
            throw new WorkflowDefinitionException(source, 1, "YAML error: " + e.getMessage(), e);
        }
    }

    /** The offending line's text, to show next to the parser's message (empty past the end of the file). */
    private static String quoteLine(String text, int line) {
        List<String> lines = text.lines().toList();
        if (line < 1 || line > lines.size() || lines.get(line - 1).isBlank()) {
            return "";
        }
        String content = lines.get(line - 1).strip();
        return " (line " + line + ": \"" + (content.length() > 80 ? content.substring(0, 80) + "…" : content) + "\")";
    }

    private static StepSpec step(String source, Node node) {
        Map<String, NodeTuple> keys = mapping(source, node, "a step", STEP_KEYS);
        Located<String> id = keys.containsKey("id") ? text(source, keys.get("id"), "id") : null;
        Located<List<String>> after = keys.containsKey("after") ? list(source, keys.get("after")) : null;
        return new StepSpec(line(node), id, required(source, node, keys, "domain"), required(source, node, keys, "action"),
                required(source, node, keys, "message"), after);
    }

    private static Located<String> required(String source, Node step, Map<String, NodeTuple> keys, String key) {
        NodeTuple tuple = keys.get(key);
        if (tuple == null) {
            throw new WorkflowDefinitionException(source, line(step), "step is missing '" + key + "'");
        }
        return text(source, tuple, key);
    }

    private static Map<String, NodeTuple> mapping(String source, Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw new WorkflowDefinitionException(source, line(node), what + " must be a mapping of keys "
                    + allowed.stream().sorted().toList());
        }
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new WorkflowDefinitionException(source, line(tuple.getKeyNode()), "keys must be plain names");
            }
            if (!allowed.contains(key.getValue())) {
                throw new WorkflowDefinitionException(source, line(key), "unknown key '" + key.getValue() + "' in "
                        + what + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
            if (keys.putIfAbsent(key.getValue(), tuple) != null) {
                throw new WorkflowDefinitionException(source, line(key), "duplicate key '" + key.getValue() + "'");
            }
        }
        return keys;
    }

    private static Located<String> text(String source, NodeTuple tuple, String key) {
        Node value = tuple.getValueNode();
        if (!(value instanceof ScalarNode scalar) || isNull(value) || scalar.getValue().isBlank()) {
            throw new WorkflowDefinitionException(source, line(tuple.getKeyNode()), "'" + key + "' must be a non-empty text");
        }
        return new Located<>(scalar.getValue().strip(), line(value));
    }

    private static Located<List<String>> list(String source, NodeTuple tuple) {
        Node value = tuple.getValueNode();
        if (value instanceof ScalarNode && !isNull(value)) {
            return new Located<>(List.of(text(source, tuple, "after").value()), line(value));
        }
        if (!(value instanceof SequenceNode sequence)) {
            throw new WorkflowDefinitionException(source, line(tuple.getKeyNode()),
                    "'after' must be a list of step ids, e.g. [update_balance]");
        }
        List<String> ids = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (!(item instanceof ScalarNode scalar) || isNull(item) || scalar.getValue().isBlank()) {
                throw new WorkflowDefinitionException(source, line(item), "'after' lists step ids, one per item");
            }
            ids.add(scalar.getValue().strip());
        }
        return new Located<>(List.copyOf(ids), line(value));
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }
}
