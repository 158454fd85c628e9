package io.midreg.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code midreg upstream list|refresh|deregister}: midreg's own registrations with the upstream registrar. */
@Command(name = "upstream", mixinStandardHelpOptions = true, description = "Inspect and steer midreg's registrations with the upstream registrar.",
        subcommands = {UpstreamCommand.List.class, UpstreamCommand.Refresh.class, UpstreamCommand.Deregister.class})
final class UpstreamCommand {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Upstream registration state per AOR and binding.")
    static final class List extends AdminCommand {
        @Option(names = "--aor", paramLabel = "PREFIX", description = "Only AORs starting with PREFIX.")
        String prefix;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N AORs (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print the admin API's JSON.")
        boolean json;

        @Override
        int run(AdminClient client) throws AdminClient.UnreachableException {
            AdminClient.Response r = client.get("/api/upstream?limit=" + limit + (prefix == null ? "" : "&prefix=" + AdminClient.query(prefix)));
            if (!r.ok()) return failed(r);
            if (json) return printJson(r);
            JsonNode target = json(r).get("target");
            if (target != null && !target.isNull()) {
                out().println("target " + text(target, "transport") + " " + text(target, "address") + ": breaker " + text(target, "breaker")
                        + ("open".equals(text(target, "breaker")) ? " (available in " + text(target, "availableInSeconds") + " s)" : ""));
            }
            JsonNode targets = json(r).get("targets");
            if (targets != null && targets.isArray()) {
                for (JsonNode x : targets) out().println("target " + TargetLine.of(x));
            }
            Table t = new Table("AOR", "CONTACT", "STATUS", "EXPIRES", "LAST", "TARGET", "NOTE");
            for (JsonNode aor : json(r).get("aors")) {
                String a = text(aor, "aor");
                if (!aor.get("upstream").isNull()) row(t, a, "(aor)", aor.get("upstream"));
                for (JsonNode b : aor.get("bindings")) row(t, a, text(b, "contact"), b.get("upstream"));
            }
            t.print(out());
            return ExitCodes.OK;
        }

        private static void row(Table t, String aor, String contact, JsonNode up) {
            if (up == null || up.isNull()) {
                t.row(aor, contact, "none");
            } else {
                t.row(aor, contact, text(up, "status"), text(up, "expiresIn"), text(up, "lastStatus"), text(up, "target"), text(up, "lastError"));
            }
        }
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true, description = {"Send the next device REGISTER of AOR upstream (instead of absorbing it).",
            "An AOR midreg registers in its own name (surrogate) is refreshed upstream at once."})
    static final class Refresh extends AdminCommand {
        @Parameters(paramLabel = "AOR", description = "The AOR.")
        String aor;

        @Override
        int run(AdminClient client) throws AdminClient.UnreachableException {
            AdminClient.Response r = client.post("/api/upstream/" + AdminClient.segment(aor) + "/refresh", "{}");
            if (!r.ok()) return failed(r);
            out().println(text(json(r), "aor") + ": the next REGISTER of each device goes upstream");
            return ExitCodes.OK;
        }
    }

    @Command(name = "deregister", mixinStandardHelpOptions = true,
            description = "De-register AOR upstream; its local bindings stay and their next refresh goes upstream.")
    static final class Deregister extends AdminCommand {
        @Parameters(paramLabel = "AOR", description = "The AOR.")
        String aor;

        @Option(names = "--json", description = "Print the admin API's JSON.")
        boolean json;

        @Override
        int run(AdminClient client) throws AdminClient.UnreachableException {
            AdminClient.Response r = client.post("/api/upstream/" + AdminClient.segment(aor) + "/deregister", "{}");
            if (!r.ok()) return failed(r);
            if (json) return printJson(r);
            JsonNode j = json(r);
            out().println(text(j, "aor") + ": upstream " + text(j, "upstream") + "; local bindings kept");
            return ExitCodes.OK;
        }
    }
}
