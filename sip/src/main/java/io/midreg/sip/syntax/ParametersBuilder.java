package io.midreg.sip.syntax;

import java.util.ArrayList;
import java.util.List;

/** Collects parameters in order while parsing. */
public final class ParametersBuilder {
    private final List<String> pairs = new ArrayList<>(4);

    public ParametersBuilder add(String name, String value) {
        pairs.add(name);
        pairs.add(value);
        return this;
    }

    public Parameters build() {
        return Parameters.of(pairs);
    }
}
