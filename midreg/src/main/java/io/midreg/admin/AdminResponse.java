package io.midreg.admin;

import java.nio.charset.StandardCharsets;

/** One HTTP answer of the admin API: status, content type and body. */
public record AdminResponse(int status, String contentType, byte[] body) {
    static final String JSON = "application/json; charset=utf-8";

    static AdminResponse json(int status, byte[] body) {
        return new AdminResponse(status, JSON, body);
    }

    /** {"error": message}, with the status that fits. */
    static AdminResponse error(int status, String message) {
        return json(status, Json.bytes(java.util.Map.of("error", message)));
    }

    static AdminResponse text(int status, String contentType, String body) {
        return new AdminResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
