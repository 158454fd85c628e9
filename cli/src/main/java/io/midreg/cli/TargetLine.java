package io.midreg.cli;

import tools.jackson.databind.JsonNode;

/** One upstream target of the admin API ({@code targets[]}) in one line, for {@code stats} and {@code upstream list}. */
final class TargetLine {
    private TargetLine() {
    }

    /** e.g. {@code 127.0.0.1:5070 priority 10 weight 1: up, active; sent 12, queued 0, paced rejects 0}. */
    static String of(JsonNode t) {
        return AdminCommand.text(t, "name") + " priority " + AdminCommand.text(t, "priority") + " weight " + AdminCommand.text(t, "weight") + ": "
                + (t.path("available").asBoolean() ? "up" : "out of service") + (t.path("active").asBoolean() ? ", active" : "")
                + "; sent " + t.path("sent").asLong() + ", queued " + t.path("queued").asLong() + ", paced rejects " + t.path("pacedRejects").asLong();
    }
}
