package io.midreg.cli.top;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code GET /api/stats} body (schema in the admin API) into a {@link StatsSnapshot}.
 * Fields this view knows but the instance may not report are null: the upstream cap
 * ({@code upstream.capPerSecond}, missing from releases before the cap), flows
 * ({@code flows.active}, which no release reports yet) and calls ({@code calls.active}, missing
 * from releases before the call table).
 */
public final class StatsJson {
    private StatsJson() {
    }

    /** @throws IllegalArgumentException when the body is not a JSON object with a {@code registrar} object */
    public static StatsSnapshot parse(String body) {
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the stats are not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("registrar").isObject()) {
            throw new IllegalArgumentException("the stats have no \"registrar\" object");
        }
        JsonNode r = root.path("registrar");
        JsonNode active = root.path("active");
        return new StatsSnapshot(number(root.path("uptimeMillis")), number(r.path("received")), number(r.path("absorbed")),
                number(r.path("forwarded")), number(r.path("upstream2xx")), number(r.path("upstreamChallenges")), number(r.path("upstream4xx")),
                number(r.path("upstream5xx")), number(r.path("upstreamTimeouts")), number(active.path("aors")), number(active.path("bindings")),
                optionalDouble(root.path("upstream").path("capPerSecond")), optionalCount(root.path("flows")), optionalCount(root.path("calls")));
    }

    private static long number(JsonNode n) {
        return n.isNumber() ? n.longValue() : 0;
    }

    private static Double optionalDouble(JsonNode n) {
        return n.isNumber() ? n.doubleValue() : null;
    }

    /** A count given either as a number or as an object with an {@code active} number. */
    private static Long optionalCount(JsonNode n) {
        if (n.isNumber()) return n.longValue();
        JsonNode a = n.path("active");
        return a.isNumber() ? a.longValue() : null;
    }
}
