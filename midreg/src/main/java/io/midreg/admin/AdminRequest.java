package io.midreg.admin;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request to the admin API, copied off the Netty buffers so it can cross to the worker.
 *
 * @param method upper-case HTTP method
 * @param path   the path as sent (still percent-encoded), without the query
 * @param query  query parameters (decoded)
 * @param body   the body as text (empty when none)
 */
public record AdminRequest(String method, String path, Map<String, List<String>> query, String body) {
    public AdminRequest {
        query = Map.copyOf(query);
    }

    /** The first value of a query parameter, or null. */
    public String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
