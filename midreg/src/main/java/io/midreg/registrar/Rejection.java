package io.midreg.registrar;

import java.util.List;

/** A REGISTER refused by the registrar itself: status, reason and any headers the status needs (e.g. Min-Expires). */
public record Rejection(int status, String reason, List<String[]> headers, String counterKey) {
    public static Rejection of(int status, String reason, String counterKey) {
        return new Rejection(status, reason, List.of(), counterKey);
    }
}
