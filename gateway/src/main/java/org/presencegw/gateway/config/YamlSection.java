package org.presencegw.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One YAML mapping of the config file with typed, line-aware accessors. Every problem becomes a
 * {@link ConfigException} naming the dotted key (e.g. {@code sip.port}, {@code accounts[2].jid}) and its line.
 * Values are never echoed by the generic type errors, so secrets cannot leak through them.
 */
final class YamlSection {
    private final Path file;
    private final String name;
    private final int line;
    private final Map<String, NodeTuple> entries;

    private YamlSection(Path file, String name, int line, Map<String, NodeTuple> entries) {
        this.file = file;
        this.name = name;
        this.line = line;
        this.entries = entries;
    }

    /**
     * Wraps {@code node}, which must be a mapping with plain, unique string keys.
     *
     * @param name dotted name of the section ({@code ""} for the top level)
     * @param line line to report when the section as a whole is wrong (1-based)
     */
    static YamlSection of(Path file, String name, int line, Node node) throws ConfigException {
        if (!(node instanceof MappingNode mapping)) {
            throw new ConfigException(file, OptionalInt.of(lineOf(node)),
                    (name.isEmpty() ? "top level" : name) + ": expected a mapping, found " + describe(node));
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || key.getTag().equals(Tag.NULL)) {
                throw new ConfigException(file, OptionalInt.of(lineOf(keyNode)),
                        (name.isEmpty() ? "top level" : name) + ": keys must be plain names");
            }
            NodeTuple first = entries.putIfAbsent(key.getValue(), tuple);
            if (first != null) {
                throw new ConfigException(file, OptionalInt.of(lineOf(keyNode)), "duplicate key '"
                        + qualify(name, key.getValue()) + "' (first at line " + lineOf(first.getKeyNode()) + ")");
            }
        }
        return new YamlSection(file, name, line, entries);
    }

    /** Rejects every key not in {@code known}, in file order, with a "did you mean" hint when one is close. */
    void allowOnly(Set<String> known) throws ConfigException {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!known.contains(e.getKey())) {
                String where = name.isEmpty() ? "at top level" : "in " + name;
                throw new ConfigException(file, OptionalInt.of(lineOf(e.getValue().getKeyNode())),
                        "unknown key '" + e.getKey() + "' " + where + KeyHint.suggest(e.getKey(), known));
            }
        }
    }

    Path file() {
        return file;
    }

    String name() {
        return name;
    }

    int line() {
        return line;
    }

    /** Keys in file order. */
    List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Dotted name of a key of this section, e.g. {@code sip.port}. */
    String qualify(String key) {
        return qualify(name, key);
    }

    /** Line of {@code key}, or of the section when the key is absent. */
    int lineOf(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? line : lineOf(t.getKeyNode());
    }

    /** Line of the value of {@code key}, or of the section when the key is absent. */
    int valueLine(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? line : lineOf(t.getValueNode());
    }

    /** A problem with {@code key}, reported at its line as {@code section.key: problem}. */
    ConfigException error(String key, String problem) {
        return new ConfigException(file, OptionalInt.of(valueLine(key)), qualify(key) + ": " + problem);
    }

    /** A problem with the section as a whole, reported at its line. */
    ConfigException error(String problem) {
        return new ConfigException(file, OptionalInt.of(line), (name.isEmpty() ? "" : name + ": ") + problem);
    }

    ConfigException missing(String key) {
        return new ConfigException(file, OptionalInt.of(line),
                (name.isEmpty() ? "" : name + ": ") + "missing key '" + key + "'");
    }

    Optional<Node> node(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    /** A scalar value as text; numbers are accepted as text, an empty value or a collection is an error. */
    Optional<String> string(String key) throws ConfigException {
        Optional<Node> node = node(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(scalarText(key, node.get()));
    }

    String requiredString(String key) throws ConfigException {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            throw missing(key);
        }
        return value.get();
    }

    /** An integer in {@code min..max}, or {@code fallback} when the key is absent. */
    int integer(String key, int fallback, int min, int max) throws ConfigException {
        Optional<Node> node = node(key);
        if (node.isEmpty()) {
            return fallback;
        }
        if (!(node.get() instanceof ScalarNode scalar) || !scalar.getValue().matches("[+-]?[0-9]{1,18}")
                || scalar.getTag().equals(Tag.FLOAT)) {
            throw error(key, "expected an integer, found " + describe(node.get()));
        }
        long value = Long.parseLong(scalar.getValue());
        if (value < min || value > max) {
            throw error(key, value + " is out of range (" + min + ".." + max + ")");
        }
        return (int) value;
    }

    /** A nested mapping. */
    Optional<YamlSection> section(String key) throws ConfigException {
        Optional<Node> node = node(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(of(file, qualify(key), lineOf(key), node.get()));
    }

    YamlSection requiredSection(String key) throws ConfigException {
        Optional<YamlSection> s = section(key);
        if (s.isEmpty()) {
            throw new ConfigException(file, OptionalInt.empty(), "missing section '" + qualify(key) + "'");
        }
        return s.get();
    }

    /** The items of a list; an empty value counts as an empty list. */
    List<Node> list(String key) throws ConfigException {
        Optional<Node> node = node(key);
        if (node.isEmpty() || isNull(node.get())) {
            return List.of();
        }
        if (!(node.get() instanceof SequenceNode sequence)) {
            throw error(key, "expected a list, found " + describe(node.get()));
        }
        return Collections.unmodifiableList(new ArrayList<>(sequence.getValue()));
    }

    /** Text of a list item that must be a scalar. */
    String itemText(String key, int index, Node item) throws ConfigException {
        return scalarText(key + "[" + index + "]", item);
    }

    private String scalarText(String key, Node node) throws ConfigException {
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            throw new ConfigException(file, OptionalInt.of(lineOf(node)),
                    qualify(key) + ": expected a string, found " + describe(node));
        }
        Tag tag = scalar.getTag();
        if (!tag.equals(Tag.STR) && !tag.equals(Tag.INT) && !tag.equals(Tag.FLOAT) && !tag.equals(Tag.BOOL)) {
            throw new ConfigException(file, OptionalInt.of(lineOf(node)),
                    qualify(key) + ": unsupported YAML tag " + tag);
        }
        if (scalar.getValue().isEmpty()) {
            throw new ConfigException(file, OptionalInt.of(lineOf(node)), qualify(key) + ": empty value");
        }
        return scalar.getValue();
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** 1-based line of a node's start. */
    static int lineOf(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        Tag tag = node.getTag();
        if (tag.equals(Tag.NULL)) {
            return "no value";
        }
        if (tag.equals(Tag.INT)) {
            return "an integer";
        }
        if (tag.equals(Tag.FLOAT)) {
            return "a decimal number";
        }
        if (tag.equals(Tag.BOOL)) {
            return "a boolean";
        }
        return "a string";
    }

    private static String qualify(String section, String key) {
        return section.isEmpty() ? key : section + "." + key;
    }
}
