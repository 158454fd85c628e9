package io.midreg.nat.media.bencode;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bencode dictionary. Keys are byte strings on the wire; here they are text (UTF-8), held in
 * the order BEP 3 requires on encode: sorted as raw byte strings, which for UTF-8 is code point
 * order. The getters return empty for a key that is absent or holds another type, so a reply
 * reader never meets a cast exception.
 */
public final class BDict implements BValue {
    /** UTF-8 byte order is code point order; String's own order (UTF-16 units) differs above U+FFFF. */
    static final Comparator<String> KEY_ORDER = BDict::compareCodePoints;

    private final SortedMap<String, BValue> entries;

    private BDict(SortedMap<String, BValue> entries) {
        this.entries = Collections.unmodifiableSortedMap(entries);
    }

    /** Takes {@code entries} as they are: only for maps nobody else holds, ordered by {@link #KEY_ORDER}. */
    static BDict wrap(TreeMap<String, BValue> entries) {
        return new BDict(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Entries in encoding order; unmodifiable. */
    public SortedMap<String, BValue> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public Optional<BValue> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public Optional<BBytes> bytes(String key) {
        return entries.get(key) instanceof BBytes b ? Optional.of(b) : Optional.empty();
    }

    /** A byte string's value as UTF-8 text. */
    public Optional<String> string(String key) {
        return bytes(key).map(BBytes::asString);
    }

    public Optional<Long> integer(String key) {
        return entries.get(key) instanceof BInt i ? Optional.of(i.value()) : Optional.empty();
    }

    public Optional<BList> list(String key) {
        return entries.get(key) instanceof BList l ? Optional.of(l) : Optional.empty();
    }

    public Optional<BDict> dict(String key) {
        return entries.get(key) instanceof BDict d ? Optional.of(d) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BDict other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Builds a dictionary; a later {@code put} of the same key replaces the earlier one. */
    public static final class Builder {
        private final TreeMap<String, BValue> entries = new TreeMap<>(KEY_ORDER);

        private Builder() {
        }

        public Builder put(String key, BValue value) {
            entries.put(key, Objects.requireNonNull(value, key));
            return this;
        }

        public Builder put(String key, String value) {
            return put(key, BBytes.of(value));
        }

        public Builder put(String key, byte[] value) {
            return put(key, BBytes.of(value));
        }

        public Builder put(String key, long value) {
            return put(key, BInt.of(value));
        }

        /** A list of strings, e.g. ng's {@code flags}. */
        public Builder put(String key, List<String> values) {
            return put(key, BList.ofStrings(values));
        }

        public Builder putAll(Map<String, BValue> more) {
            more.forEach(this::put);
            return this;
        }

        public BDict build() {
            return new BDict(new TreeMap<>(entries));
        }
    }
}
