package io.midreg.nat.media.bencode;

import java.util.ArrayList;
import java.util.List;

/** A bencode list: values in order, of any types. */
public record BList(List<BValue> values) implements BValue {
    public BList {
        values = List.copyOf(values);
    }

    public static BList of(BValue... values) {
        return new BList(List.of(values));
    }

    /** A list of byte strings, the shape of ng's {@code flags}, {@code replace} and {@code direction}. */
    public static BList ofStrings(List<String> strings) {
        List<BValue> values = new ArrayList<>(strings.size());
        for (String s : strings) values.add(BBytes.of(s));
        return new BList(values);
    }

    public int size() {
        return values.size();
    }

    public BValue get(int index) {
        return values.get(index);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
