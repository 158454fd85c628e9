package io.midreg.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code midreg reload}: asks a running midreg to re-read its config file. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Re-read the config file of a running midreg; changes that need a restart are reported, not applied.")
final class ReloadCommand extends AdminCommand {
    @Option(names = "--json", description = "Print the admin API's JSON.")
    boolean json;

    @Override
    int run(AdminClient client) throws AdminClient.UnreachableException {
        AdminClient.Response r = client.post("/api/reload", "{}");
        if (json && (r.ok() || r.status() == 409)) {
            printJson(r);
            return r.ok() ? ExitCodes.OK : ExitCodes.FAILED;
        }
        if (!r.ok()) return failed(r);
        JsonNode j = json(r);
        out().println("reloaded; applied: " + list(j.get("applied")) + "; need a restart (not applied): " + list(j.get("needRestart")));
        return ExitCodes.OK;
    }

    private static String list(JsonNode a) {
        if (a == null || a.isEmpty()) return "none";
        StringBuilder b = new StringBuilder();
        for (JsonNode n : a) b.append(b.length() == 0 ? "" : ", ").append(n.asString());
        return b.toString();
    }
}
