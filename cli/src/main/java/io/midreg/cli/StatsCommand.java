package io.midreg.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code midreg stats}: the counters of a running midreg. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Registrar, upstream, transaction, transport and store counters.")
final class StatsCommand extends AdminCommand {
    @Option(names = "--json", description = "Print the admin API's JSON.")
    boolean json;

    @Override
    int run(AdminClient client) throws AdminClient.UnreachableException {
        AdminClient.Response r = client.get("/api/stats");
        if (!r.ok()) return failed(r);
        if (json) return printJson(r);
        JsonNode s = json(r);
        JsonNode reg = s.get("registrar");
        long received = reg.get("received").asLong();
        long forwarded = reg.get("forwarded").asLong();
        Table t = new Table("", "");
        t.row("uptime", s.get("uptimeMillis").asLong() / 1000 + "s");
        t.row("mode", text(reg, "mode"));
        t.row("REGISTERs received", received);
        t.row("absorbed", reg.get("absorbed").asLong());
        t.row("forwarded", forwarded);
        t.row("reduction ratio", forwarded == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f", (double) received / forwarded));
        t.row("upstream 2xx / 401-407 / 4xx / 5xx", reg.get("upstream2xx").asLong() + " / " + reg.get("upstreamChallenges").asLong() + " / "
                + reg.get("upstream4xx").asLong() + " / " + reg.get("upstream5xx").asLong());
        t.row("upstream time-outs", reg.get("upstreamTimeouts").asLong());
        JsonNode up = s.get("upstream");
        if (up != null) {
            JsonNode targets = up.get("targets");
            if (targets != null && targets.isArray()) {
                for (JsonNode x : targets) t.row("upstream target", TargetLine.of(x));
            } else {
                t.row("upstream sent / queued / paced rejects", up.get("sent").asLong() + " / " + up.get("queued").asLong() + " / "
                        + up.get("pacedRejects").asLong());
            }
        }
        t.row("upstream down: answered here / refused", reg.path("absorbedWhileDown").asLong() + " / " + reg.path("rejectedWhileDown").asLong()
                + " (" + reg.path("answeredEarly").asLong() + " answered before a slow upstream)");
        t.row("forwarded because", breakdown(reg.get("forwardReasons")));
        t.row("rejected", breakdown(reg.get("rejections")));
        JsonNode sur = s.get("surrogate");
        if (sur != null) {
            t.row("surrogate AORs / challenges / authenticated", sur.path("credentialAors").asLong() + " / " + sur.path("localChallenges").asLong()
                    + " / " + sur.path("localAuthenticated").asLong());
            t.row("device auth refused", sur.path("localAuthFailures").asLong() + " (" + breakdown(nonZero(sur.get("localAuthFailuresByReason"))) + ")");
            t.row("surrogate registered / failed / refused", sur.path("registered").asLong() + " / " + sur.path("failures").asLong() + " / "
                    + sur.path("credentialsRefused").asLong() + " (" + sur.path("negativeCacheAors").asLong() + " AORs negative-cached)");
        }
        t.row("active AORs / bindings", s.get("active").get("aors").asLong() + " / " + s.get("active").get("bindings").asLong());
        JsonNode tx = s.get("transactions");
        t.row("transactions active", "server " + tx.get("serverActive").asLong() + ", client " + tx.get("clientActive").asLong());
        t.row("transaction time-outs", tx.get("timeouts").asLong());
        JsonNode st = s.get("store");
        t.row("store", st.get("aors").asLong() + " of " + st.get("capacity").asLong() + " AORs, " + st.get("percentFree").asLong() + "% free");
        if (s.has("transport")) {
            JsonNode tr = s.get("transport");
            t.row("SIP in / out", (tr.get("requestsReceived").asLong() + tr.get("responsesReceived").asLong()) + " / " + tr.get("sent").asLong());
            t.row("malformed answered / dropped", tr.get("malformedAnswered").asLong() + " / " + tr.get("malformedDropped").asLong());
            t.row("malformed answered for", breakdown(tr.get("malformedAnsweredByHeader")));
        }
        t.print(out());
        return ExitCodes.OK;
    }

    /** The entries of {@code counts} that are not 0 (a reason that never happened says nothing). */
    private static JsonNode nonZero(JsonNode counts) {
        if (counts == null || !counts.isObject()) return counts;
        tools.jackson.databind.node.ObjectNode kept = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : counts.properties()) if (e.getValue().asLong() != 0) kept.set(e.getKey(), e.getValue());
        return kept;
    }

    private static String breakdown(JsonNode counts) {
        if (counts == null || counts.isEmpty()) return "-";
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : counts.properties()) {
            if (b.length() > 0) b.append(", ");
            b.append(e.getKey().replace('_', '-')).append(' ').append(e.getValue().asLong());
        }
        return b.toString();
    }
}
