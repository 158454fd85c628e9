package io.midreg.cli;

import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/** Human renderings of the admin API's JSON (shared by bindings, upstream, calls and store inspect). */
final class Views {
    private Views() {
    }

    /** "registered 3412s", "registering (refresh requested by operator)", "none". */
    static String upstreamSummary(JsonNode up) {
        if (up == null || up.isNull()) return "none";
        StringBuilder b = new StringBuilder(up.get("status").asString());
        JsonNode e = up.get("expiresIn");
        if (e != null && !e.isNull()) b.append(' ').append(e.asLong()).append('s');
        JsonNode err = up.get("lastError");
        if (err != null && !err.isNull()) b.append(" (").append(err.asString()).append(')');
        return b.toString();
    }

    static void printAor(PrintWriter out, JsonNode aor) {
        out.println("AOR       " + aor.get("aor").asString());
        if (!aor.get("upstream").isNull()) out.println("upstream  " + upstreamSummary(aor.get("upstream")) + "  (per AOR)");
        JsonNode bindings = aor.get("bindings");
        out.println("bindings  " + bindings.size());
        int i = 0;
        for (JsonNode b : bindings) {
            out.println();
            out.println("  [" + (++i) + "] " + b.get("contact").asString());
            JsonNode flow = b.get("flow");
            line(out, "flow", flow.get("transport").asString() + " from " + flow.get("received").asString()
                    + (flow.get("flowId").isNull() ? "" : " (flow " + flow.get("flowId").asString() + ")"));
            line(out, "expires in", b.get("expiresIn").isNull() ? "-" : b.get("expiresIn").asLong() + "s");
            line(out, "instance", opt(b, "instance") + (b.get("regId").isNull() ? "" : "  reg-id " + b.get("regId").asInt()));
            line(out, "Call-ID", opt(b, "callId") + "  CSeq " + b.get("cseq").asLong());
            line(out, "q", opt(b, "q"));
            line(out, "user agent", opt(b, "userAgent"));
            if (!b.get("path").isEmpty()) line(out, "path", b.get("path").toString());
            line(out, "registered", opt(b, "registeredAt") + "  last seen " + opt(b, "lastSeenAt"));
            line(out, "upstream", upstreamSummary(b.get("upstream")));
        }
        out.flush();
    }

    /** One call: each leg midreg routes with this Call-ID (two when a PBX proxied it between two devices behind midreg). */
    static void printCall(PrintWriter out, JsonNode call) {
        out.println("Call-ID   " + call.get("callId").asString());
        for (JsonNode c : call.get("calls")) {
            out.println();
            out.println("  " + c.get("direction").asString() + "  " + c.get("state").asString());
            line(out, "AOR", opt(c, "aor"));
            line(out, "device", opt(c, "device"));
            line(out, "upstream", opt(c, "upstream"));
            line(out, "tags", "caller " + opt(c, "callerTag") + "  callee " + opt(c, "calleeTag"));
            line(out, "created", opt(c, "createdAt") + "  (" + c.get("ageSeconds").asLong() + "s ago)");
            line(out, "answered", opt(c, "answeredAt"));
            line(out, "last seen", opt(c, "lastActivityAt"));
            line(out, "expires in", c.get("expiresIn").asLong() + "s");
        }
        out.flush();
    }

    private static void line(PrintWriter out, String key, String value) {
        out.println("      " + key + " ".repeat(Math.max(1, 12 - key.length())) + value);
    }

    private static String opt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "-" : v.asString();
    }
}
