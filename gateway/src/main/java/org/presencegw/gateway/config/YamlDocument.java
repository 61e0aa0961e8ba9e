package org.presencegw.gateway.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.OptionalInt;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the config file into a snakeyaml-engine node tree (nodes keep their line). Limits: at most
 * {@link #MAX_BYTES} bytes of UTF-8, one document, no anchors or aliases (a config file does not need them, and
 * refusing them rules out alias bombs), nesting no deeper than the parser's stack allows.
 */
final class YamlDocument {
    /** Largest config file accepted: 1 MiB. */
    static final int MAX_BYTES = 1024 * 1024;

    private YamlDocument() {
    }

    /** The top-level node of {@code file}. */
    static Node read(Path file) throws ConfigException {
        String text = decode(file, readBytes(file));
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.toString())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(MAX_BYTES)
                .setUseMarks(true)
                .build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeReader(new StringReader(text));
        } catch (MarkedYamlEngineException e) {
            OptionalInt line = e.getProblemMark().or(e::getContextMark)
                    .map(m -> OptionalInt.of(m.getLine() + 1)).orElse(OptionalInt.empty());
            throw new ConfigException(file, line, "bad YAML: " + problemOf(e));
        } catch (YamlEngineException e) {
            throw new ConfigException(file, OptionalInt.empty(), "bad YAML: " + firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new ConfigException(file, OptionalInt.empty(), "bad YAML: nested too deeply");
        }
        if (root.isEmpty()) {
            throw new ConfigException(file, OptionalInt.empty(), "the file is empty");
        }
        rejectAnchors(file, root.get());
        return root.get();
    }

    private static byte[] readBytes(Path file) throws ConfigException {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(file, OptionalInt.empty(),
                        Files.exists(file) ? "not a regular file" : "no such file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(file, OptionalInt.empty(), "larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, OptionalInt.empty(), "no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file, OptionalInt.empty(), "permission denied");
        } catch (IOException e) {
            throw new ConfigException(file, OptionalInt.empty(), "cannot read: " + e.getMessage());
        }
    }

    private static String decode(Path file, byte[] bytes) throws ConfigException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, OptionalInt.empty(), "not valid UTF-8");
        }
    }

    /** Walks the tree without recursion; an anchored node (the target of any alias) is refused. */
    private static void rejectAnchors(Path file, Node root) throws ConfigException {
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (node.getAnchor().isPresent()) {
                throw new ConfigException(file, OptionalInt.of(YamlSection.lineOf(node)),
                        "YAML anchors and aliases (&" + node.getAnchor().get() + ") are not supported");
            }
            if (node instanceof MappingNode mapping) {
                for (NodeTuple t : mapping.getValue()) {
                    pending.push(t.getValueNode());
                    pending.push(t.getKeyNode());
                }
            } else if (node instanceof SequenceNode sequence) {
                sequence.getValue().forEach(pending::push);
            }
        }
    }

    private static String problemOf(MarkedYamlEngineException e) {
        String problem = e.getProblem();
        String context = e.getContext();
        String text = problem == null || problem.isBlank() ? context : problem;
        return firstLine(text == null ? e.getClass().getSimpleName() : text);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }
}
