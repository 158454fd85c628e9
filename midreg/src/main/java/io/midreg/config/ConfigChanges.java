package io.midreg.config;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The keys whose value differs between two config files, as dotted paths
 * ({@code registrar.maxExpires}, {@code logging.loggers.midreg.trace}, {@code sip.listeners}).
 * Compares what the files say, not defaults: a key left out and a key set to its default differ.
 * Lists compare as a whole.
 */
public final class ConfigChanges {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ConfigChanges() {
    }

    public static List<String> between(MidregConfig before, MidregConfig after) {
        List<String> out = new ArrayList<>();
        diff("", MAPPER.valueToTree(before), MAPPER.valueToTree(after), out);
        return out;
    }

    private static void diff(String at, JsonNode a, JsonNode b, List<String> out) {
        boolean aMissing = a == null || a.isNull() || a.isMissingNode();
        boolean bMissing = b == null || b.isNull() || b.isMissingNode();
        if (aMissing && bMissing) return;
        boolean aObject = !aMissing && a.isObject();
        boolean bObject = !bMissing && b.isObject();
        if ((aObject && (bObject || bMissing)) || (bObject && aMissing)) {
            TreeSet<String> keys = new TreeSet<>();
            if (aObject) keys.addAll(a.propertyNames());
            if (bObject) keys.addAll(b.propertyNames());
            for (String k : keys) diff(at.isEmpty() ? k : at + "." + k, aObject ? a.get(k) : null, bObject ? b.get(k) : null, out);
            return;
        }
        if (aMissing != bMissing || !a.equals(b)) out.add(at);
    }
}
