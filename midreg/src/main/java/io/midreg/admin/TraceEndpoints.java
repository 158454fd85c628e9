package io.midreg.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** {@code /api/trace}: switches the {@link SipTracer} on for one AOR or source, shows it, switches it off. */
final class TraceEndpoints {
    static final long DEFAULT_TRACE_SECONDS = 600;
    static final long MAX_TRACE_SECONDS = 86_400;

    private final SipTracer tracer;
    private final UnaryOperator<String> normalizeAor;
    private final LongSupplier clock;

    TraceEndpoints(SipTracer tracer, UnaryOperator<String> normalizeAor, LongSupplier clock) {
        this.tracer = tracer;
        this.normalizeAor = normalizeAor;
        this.clock = clock;
    }

    private long now() {
        return clock.getAsLong();
    }

    AdminResponse status() {
        TraceFilter f = tracer.current();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", f != null);
        if (f != null) {
            m.put("aor", f.aor());
            m.put("source", f.source() == null ? null : f.source().getHostAddress() + (f.port() == 0 ? "" : ":" + f.port()));
            m.put("until", Instant.ofEpochMilli(f.untilMillis()).toString());
            m.put("remainingSeconds", Math.max(0, (f.untilMillis() - now()) / 1000));
        }
        m.put("logger", SipTracer.LOGGER);
        return AdminResponse.json(200, Json.bytes(m));
    }

    AdminResponse start(AdminRequest r) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(r.body().isBlank() ? "{}" : r.body());
        } catch (JacksonException e) {
            throw new BadRequest("body is not JSON: " + e.getOriginalMessage());
        }
        if (!body.isObject()) throw new BadRequest("body must be a JSON object: {\"aor\":...} or {\"source\":\"ip[:port]\"}");
        String aor = text(body, "aor");
        String source = text(body, "source");
        if ((aor == null) == (source == null)) throw new BadRequest("give exactly one of \"aor\" or \"source\"");
        long seconds = DEFAULT_TRACE_SECONDS;
        if (body.has("seconds")) {
            JsonNode s = body.get("seconds");
            if (!s.canConvertToLong() || s.asLong() < 1 || s.asLong() > MAX_TRACE_SECONDS) {
                throw new BadRequest("\"seconds\" must be a whole number within 1.." + MAX_TRACE_SECONDS);
            }
            seconds = s.asLong();
        }
        long until = now() + seconds * 1000;
        TraceFilter f;
        try {
            f = aor != null ? TraceFilter.forAor(normalizeAor.apply(aor), until) : TraceFilter.forSource(source, until);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        tracer.start(f);
        return status();
    }

    AdminResponse stop() {
        boolean was = tracer.current() != null;
        tracer.stop("stopped by operator");
        return AdminResponse.json(200, Json.bytes(Map.of("active", false, "wasActive", was)));
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isString() || n.asString().isBlank()) throw new BadRequest("\"" + field + "\" must be a non-empty string");
        return n.asString();
    }
}
