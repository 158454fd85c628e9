package io.midreg.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code midreg calls list|show}: the calls a running midreg routes now. */
@Command(name = "calls", mixinStandardHelpOptions = true, description = "Inspect the calls a running midreg routes now.",
        subcommands = {CallsCommand.List.class, CallsCommand.Show.class})
final class CallsCommand {
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the calls in progress, oldest first: direction, state, AOR, age and the upstream side.")
    static final class List extends AdminCommand {
        @Option(names = "--aor", paramLabel = "AOR", description = "Only the calls of this AOR (e.g. alice@example.com).")
        String aor;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N calls (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print the admin API's JSON.")
        boolean json;

        @Override
        int run(AdminClient client) throws AdminClient.UnreachableException {
            String q = "?limit=" + limit + (aor == null ? "" : "&aor=" + AdminClient.query(aor));
            AdminClient.Response r = client.get("/api/calls" + q);
            if (!r.ok()) return failed(r);
            if (json) return printJson(r);
            JsonNode body = json(r);
            Table t = new Table("CALL-ID", "DIRECTION", "STATE", "AOR", "AGE", "UPSTREAM");
            for (JsonNode c : body.get("calls")) {
                t.row(text(c, "callId"), text(c, "direction"), text(c, "state"), text(c, "aor"), c.get("ageSeconds").asLong() + "s",
                        text(c, "upstream"));
            }
            t.print(out());
            long count = body.get("count").asLong();
            out().println(count + " call" + (count == 1 ? "" : "s") + (body.get("truncated").asBoolean() ? " (first " + body.get("calls").size()
                    + " shown; raise --limit)" : ""));
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one call: direction, state, AOR and device, the upstream side, tags, times and expiry.")
    static final class Show extends AdminCommand {
        @Parameters(paramLabel = "CALL-ID", description = "The call's Call-ID.")
        String callId;

        @Option(names = "--json", description = "Print the admin API's JSON.")
        boolean json;

        @Override
        int run(AdminClient client) throws AdminClient.UnreachableException {
            AdminClient.Response r = client.get("/api/calls/" + AdminClient.segment(callId));
            if (!r.ok()) return failed(r);
            if (json) return printJson(r);
            Views.printCall(out(), json(r));
            return ExitCodes.OK;
        }
    }
}
