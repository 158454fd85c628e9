package io.midreg.config;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Finds the line of a key path in YAML text, so errors point at the key itself (Jackson's own
 * location is where its parser stood, often a line later).
 */
final class YamlLines {
    private YamlLines() {
    }

    /** 1-based line of the key (or sequence item) the path ends at, if the text composes. */
    static Optional<Integer> lineOf(String yaml, List<Object> path) {
        try {
            LoadSettings settings = LoadSettings.builder().setCodePointLimit(CredentialsFile.MAX_CODE_POINTS).build();
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, yaml)));
            Optional<Node> root = composer.getSingleNode();
            if (root.isEmpty()) return Optional.empty();
            Node node = root.get();
            Node marker = node;
            for (Object step : path) {
                if (step instanceof String key && node instanceof MappingNode m) {
                    Node next = null;
                    for (NodeTuple t : m.getValue()) {
                        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                            marker = k;
                            next = t.getValueNode();
                            break;
                        }
                    }
                    if (next == null) return line(marker);
                    node = next;
                } else if (step instanceof Integer i && node instanceof SequenceNode s && i < s.getValue().size()) {
                    node = s.getValue().get(i);
                    marker = node;
                } else {
                    break;
                }
            }
            return line(marker);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1);
    }
}
