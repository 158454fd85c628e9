package io.midreg.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the YAML file into records. Unknown keys, wrong types and bad values are errors that
 * name the file, the line and the key; nothing starts on a bad file.
 */
public final class ConfigLoader {
    private final YAMLMapper mapper = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public MidregConfig read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    public MidregConfig parse(String name, String yaml) throws ConfigException {
        try {
            MidregConfig c = mapper.readValue(yaml, MidregConfig.class);
            return c == null ? new MidregConfig(null, null, null, null, null, null, null, null) : c;
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(where(name, yaml, e) + "unknown key '" + path(e) + "'");
        } catch (DatabindException e) {
            throw new ConfigException(where(name, yaml, e) + "bad value for '" + path(e) + "': " + firstLine(e.getOriginalMessage()));
        } catch (JacksonException e) {
            throw new ConfigException(where(name, e.getLocation()) + "not valid YAML: " + firstLine(e.getOriginalMessage()));
        }
    }

    /** The line of the offending key when the text composes, else Jackson's own location. */
    private static String where(String name, String yaml, DatabindException e) {
        java.util.List<Object> steps = new java.util.ArrayList<>();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) steps.add(ref.getPropertyName());
            else if (ref.getIndex() >= 0) steps.add(ref.getIndex());
        }
        return YamlLines.lineOf(yaml, steps).map(l -> name + " line " + l + ": ").orElseGet(() -> where(name, e.getLocation()));
    }

    private static String where(String name, TokenStreamLocation loc) {
        return loc == null || loc.getLineNr() < 1 ? name + ": " : name + " line " + loc.getLineNr() + ": ";
    }

    private static String path(DatabindException e) {
        StringBuilder b = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (b.length() > 0) b.append('.');
                b.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                b.append('[').append(ref.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
