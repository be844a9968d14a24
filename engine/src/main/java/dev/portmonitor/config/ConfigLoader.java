package dev.portmonitor.config;

import dev.portmonitor.config.ConfigNode.ListNode;
import dev.portmonitor.config.ConfigNode.MapNode;
import dev.portmonitor.config.ConfigNode.NullNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads a configuration file: YAML with a root key {@code portMonitor}. */
public final class ConfigLoader {

    public static final String ROOT_KEY = "portMonitor";
    /** The largest configuration read: 64 MB of text, about 900,000 monitors. */
    static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

    private ConfigLoader() {
    }

    /** The largest configuration file read, in bytes (the text limit, as UTF-8 of plain ASCII). */
    static final long MAX_BYTES = MAX_CODE_POINTS;

    /**
     * Reads and parses a file. A file over {@link #MAX_BYTES}, or one that never ends (a device), is a
     * problem reported like any other, after reading at most one byte more than the limit; text that is
     * not UTF-8 likewise.
     */
    public static PortMonitorConfig load(Path file) throws IOException, InvalidConfigException {
        if (Files.isDirectory(file)) {
            throw new InvalidConfigException(file.toString(), List.of(new ConfigProblem("", 0,
                    "is a directory, not a configuration file")));
        }
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidConfigException(file.toString(), List.of(new ConfigProblem("", 0, "larger than "
                    + MAX_BYTES / (1024 * 1024) + " MB; a configuration holds at most " + MAX_BYTES / (1024 * 1024)
                    + " MB (about 900,000 monitors)")));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidConfigException(file.toString(), List.of(new ConfigProblem("", 0, "not UTF-8 text")));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark, as some editors write
        }
        return parse(text, file.toString());
    }

    /** Parses YAML text; {@code source} names it in the error message. */
    public static PortMonitorConfig parse(String yaml, String source) throws InvalidConfigException {
        return parse(yaml, source, System::getenv);
    }

    /** Parses YAML text with the given environment for {@code {env: NAME}} secrets. */
    public static PortMonitorConfig parse(String yaml, String source, java.util.function.Function<String, String> environment)
            throws InvalidConfigException {
        ConfigNode tree = tree(yaml, source);
        if (!(tree instanceof MapNode root) || !root.entries().containsKey(ROOT_KEY)) {
            throw new InvalidConfigException(source, List.of(new ConfigProblem("", tree.line(), "expected a "
                    + ROOT_KEY + ": block at the top")));
        }
        List<ConfigProblem> problems = new ArrayList<>();
        for (String key : root.entries().keySet()) {
            if (!key.equals(ROOT_KEY)) {
                problems.add(new ConfigProblem(key, root.keyLines().getOrDefault(key, 0),
                        "unknown key; only " + ROOT_KEY + " is expected at the top"));
            }
        }
        try {
            PortMonitorConfig config = ConfigBinder.bind(root.entries().get(ROOT_KEY), source, environment);
            if (problems.isEmpty()) {
                return config;
            }
        } catch (InvalidConfigException e) {
            problems.addAll(e.problems());
        }
        throw new InvalidConfigException(source, problems);
    }

    /**
     * The longest line read. SnakeYAML's reader copies its window of the text each time a token runs
     * past its 1,024-character buffer, so one very long line costs time growing with its square (a
     * 6 MB value took 17 s); lines of at most this length keep parsing linear in the file's size.
     */
    static final int MAX_LINE = 16 * 1024;

    /** The YAML document as a tree with line numbers, or the YAML problem. */
    static ConfigNode tree(String yaml, String source) throws InvalidConfigException {
        int lineNumber = 1;
        int lineStart = 0;
        for (int i = 0; i <= yaml.length(); i++) {
            if (i == yaml.length() || yaml.charAt(i) == '\n') {
                if (i - lineStart > MAX_LINE) {
                    throw new InvalidConfigException(source, List.of(new ConfigProblem("", lineNumber, "the line is longer than "
                            + MAX_LINE + " characters; break it up (a list or a mapping may span several lines)")));
                }
                lineNumber++;
                lineStart = i + 1;
            }
        }
        Node document;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowRecursiveKeys(false);
            options.setMaxAliasesForCollections(50);
            // SnakeYAML's default limit (3 MB) is about 45,000 monitors; 100,000 take about 7 MB.
            options.setCodePointLimit(MAX_CODE_POINTS);
            document = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new InvalidConfigException(source, List.of(new ConfigProblem("", line, "not valid YAML: " + e.getProblem())));
        } catch (YAMLException e) {
            throw new InvalidConfigException(source, List.of(new ConfigProblem("", 0, "not valid YAML: " + e.getMessage())));
        }
        if (document == null) {
            throw new InvalidConfigException(source, List.of(new ConfigProblem("", 0, "the file is empty; expected a "
                    + ROOT_KEY + ": block")));
        }
        return convert(document);
    }

    private static ConfigNode convert(Node node) {
        int line = node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        if (node instanceof MappingNode mapping) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new LinkedHashMap<>();
            List<String> repeated = new ArrayList<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : String.valueOf(tuple.getKeyNode());
                if (entries.containsKey(key)) {
                    repeated.add(key);
                }
                entries.put(key, convert(tuple.getValueNode()));
                keyLines.put(key, tuple.getKeyNode().getStartMark().getLine() + 1);
            }
            return new MapNode(entries, keyLines, repeated, line);
        }
        if (node instanceof SequenceNode sequence) {
            List<ConfigNode> items = new ArrayList<>();
            sequence.getValue().forEach(item -> items.add(convert(item)));
            return new ListNode(items, line);
        }
        ScalarNode scalar = (ScalarNode) node;
        if (Tag.NULL.equals(scalar.getTag())) {
            return new NullNode(line);
        }
        return new ConfigNode.ScalarNode(scalar.getValue(), line);
    }
}
