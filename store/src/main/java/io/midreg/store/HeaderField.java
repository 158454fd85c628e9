package io.midreg.store;

import java.util.Objects;

/** One header (name and raw value) that upstream sent and midreg replays in its own 200s. */
public record HeaderField(String name, String value) {
    public HeaderField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
