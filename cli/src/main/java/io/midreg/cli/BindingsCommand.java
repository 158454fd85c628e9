package io.midreg.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code midreg bindings list|show|remove}: the registrations a running midreg holds. */
@Command(name = "bindings", mixinStandardHelpOptions = true, description = "Inspect and remove the bindings of a running midreg.",
        subcommands = {BindingsCommand.List.class, BindingsCommand.Show.class, BindingsCommand.Remove.class})
final class BindingsCommand {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List AORs and their device bindings (expiries in seconds remaining).")
    static final class List extends AdminCommand {
        @Option(names = "--aor", paramLabel = "PREFIX", description = "Only AORs starting with PREFIX (e.g. alice or sip:alice@example.com).")
        String prefix;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N AORs (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print the admin API's JSON.")
        boolean json;

        @Override
        int run(AdminClient client) throws AdminClient.UnreachableException {
            String q = "?limit=" + limit + (prefix == null ? "" : "&prefix=" + AdminClient.query(prefix));
            AdminClient.Response r = client.get("/api/bindings" + q);
            if (!r.ok()) return failed(r);
            if (json) return printJson(r);
            JsonNode body = json(r);
            Table t = new Table("AOR", "CONTACT", "TRANSPORT", "RECEIVED", "EXPIRES", "UPSTREAM");
            for (JsonNode aor : body.get("aors")) {
                String a = text(aor, "aor");
                if (aor.get("bindings").isEmpty()) t.row(a, "(none)", null, null, null, Views.upstreamSummary(aor.get("upstream")));
                for (JsonNode b : aor.get("bindings")) {
                    JsonNode up = b.get("upstream").isNull() ? aor.get("upstream") : b.get("upstream");
                    t.row(a, text(b, "contact"), text(b.get("flow"), "transport"), text(b.get("flow"), "received"), text(b, "expiresIn"),
                            Views.upstreamSummary(up));
                }
            }
            t.print(out());
            long count = body.get("count").asLong();
            out().println(count + " AOR" + (count == 1 ? "" : "s") + (body.get("truncated").asBoolean() ? " (first " + body.get("aors").size()
                    + " shown; raise --limit)" : ""));
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one AOR: each binding's flow, source, expiry, user agent, and the upstream state.")
    static final class Show extends AdminCommand {
        @Parameters(paramLabel = "AOR", description = "The AOR, e.g. alice@example.com or sip:alice@example.com.")
        String aor;

        @Option(names = "--json", description = "Print the admin API's JSON.")
        boolean json;

        @Override
        int run(AdminClient client) throws AdminClient.UnreachableException {
            AdminClient.Response r = client.get("/api/bindings/" + AdminClient.segment(aor));
            if (!r.ok()) return failed(r);
            if (json) return printJson(r);
            Views.printAor(out(), json(r));
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an AOR here and de-register it upstream.")
    static final class Remove extends AdminCommand {
        @Parameters(paramLabel = "AOR", description = "The AOR to remove.")
        String aor;

        @Option(names = "--json", description = "Print the admin API's JSON.")
        boolean json;

        @Override
        int run(AdminClient client) throws AdminClient.UnreachableException {
            AdminClient.Response r = client.delete("/api/bindings/" + AdminClient.segment(aor));
            if (!r.ok()) return failed(r);
            if (json) return printJson(r);
            JsonNode j = json(r);
            out().println("removed " + text(j, "aor") + " (" + j.get("bindings").asInt() + " binding" + (j.get("bindings").asInt() == 1 ? "" : "s")
                    + "); upstream: " + text(j, "upstream"));
            return ExitCodes.OK;
        }
    }
}
