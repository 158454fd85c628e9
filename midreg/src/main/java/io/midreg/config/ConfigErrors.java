package io.midreg.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem in a config (so an operator fixes them in one go), each with its key and line. */
public final class ConfigErrors {
    private final String name;
    private final String text;
    private final List<String> problems = new ArrayList<>();

    public ConfigErrors(String name, String text) {
        this.name = name;
        this.text = text;
    }

    public void add(List<Object> path, String problem) {
        String line = YamlLines.lineOf(text, path).map(l -> " line " + l).orElse("");
        problems.add(name + line + ": '" + dotted(path) + "' " + problem);
    }

    public void throwIfAny() throws ConfigException {
        if (!problems.isEmpty()) throw new ConfigException(String.join("\n", problems));
    }

    private static String dotted(List<Object> path) {
        StringBuilder b = new StringBuilder();
        for (Object p : path) {
            if (p instanceof Integer i) b.append('[').append(i).append(']');
            else {
                if (b.length() > 0) b.append('.');
                b.append(p);
            }
        }
        return b.toString();
    }
}
