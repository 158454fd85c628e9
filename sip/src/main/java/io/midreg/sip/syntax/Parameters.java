package io.midreg.sip.syntax;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Ordered {@code ;name=value} parameters as written (names compared case-insensitively,
 * RFC 3261 §7.3.1). A flag parameter has a null value. Immutable.
 */
public final class Parameters {
    public static final Parameters EMPTY = new Parameters(new String[0]);

    /** name0, value0, name1, value1, ... */
    private final String[] pairs;

    private Parameters(String[] pairs) {
        this.pairs = pairs;
    }

    static Parameters of(List<String> pairs) {
        return pairs.isEmpty() ? EMPTY : new Parameters(pairs.toArray(new String[0]));
    }

    public int size() {
        return pairs.length / 2;
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    public String name(int i) {
        return pairs[2 * i];
    }

    public String value(int i) {
        return pairs[2 * i + 1];
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** The value, or null when absent or a flag. */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : pairs[2 * i + 1];
    }

    public int indexOf(String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) return i / 2;
        }
        return -1;
    }

    /** A copy with {@code name} set to {@code value} (replacing an existing one in place). */
    public Parameters with(String name, String value) {
        int i = indexOf(name);
        String[] p;
        if (i >= 0) {
            p = pairs.clone();
            p[2 * i + 1] = value;
        } else {
            p = java.util.Arrays.copyOf(pairs, pairs.length + 2);
            p[pairs.length] = name;
            p[pairs.length + 1] = value;
        }
        return new Parameters(p);
    }

    public Parameters without(String name) {
        int i = indexOf(name);
        if (i < 0) return this;
        List<String> p = new ArrayList<>(pairs.length);
        for (int k = 0; k < pairs.length; k += 2) {
            if (k / 2 != i) {
                p.add(pairs[k]);
                p.add(pairs[k + 1]);
            }
        }
        return of(p);
    }

    public List<String> names() {
        List<String> n = new ArrayList<>(size());
        for (int i = 0; i < pairs.length; i += 2) n.add(pairs[i].toLowerCase(Locale.ROOT));
        return Collections.unmodifiableList(n);
    }

    /** Appends {@code ;name=value...} in the original order and spelling. */
    public StringBuilder appendTo(StringBuilder b) {
        for (int i = 0; i < pairs.length; i += 2) {
            b.append(';').append(pairs[i]);
            if (pairs[i + 1] != null) b.append('=').append(pairs[i + 1]);
        }
        return b;
    }

    @Override
    public String toString() {
        return appendTo(new StringBuilder()).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && java.util.Arrays.equals(pairs, p.pairs);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(pairs);
    }
}
