package io.midreg.proxy.dialog;

import java.util.Locale;

/** Where a call stands (RFC 3261 §12, §13): an ended call leaves the table. */
public enum DialogState {
    /** The INVITE went on; no answer above 100 yet. */
    TRYING,
    /** A provisional answer (180, 183) came back: ringing, early media. */
    EARLY,
    /** A 2xx came back: the call is up until a BYE or its expiry. */
    CONFIRMED;

    /** Lower case, for metrics labels and JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
