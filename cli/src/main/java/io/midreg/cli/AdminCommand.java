package io.midreg.cli;

import io.midreg.config.ConfigException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A command that talks to a running midreg over its admin API. Maps what can go wrong to a
 * message and an exit code: unreachable → 4, bad config or refused token → 2, refused or not
 * found → 1.
 */
abstract class AdminCommand implements Callable<Integer> {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Mixin
    AdminClientOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        AdminClient client;
        try {
            client = admin.client();
        } catch (ConfigException e) {
            err().println("midreg: bad config:\n" + e.getMessage());
            return ExitCodes.CONFIG;
        }
        try {
            return run(client);
        } catch (AdminClient.UnreachableException e) {
            err().println("midreg: cannot reach the admin API at " + client.baseUrl()
                    + " (is midreg running? is admin.listen where --admin or -c points? " + e.getMessage() + ")");
            return ExitCodes.UNREACHABLE;
        } finally {
            out().flush();
            err().flush();
        }
    }

    abstract int run(AdminClient client) throws AdminClient.UnreachableException;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Reports a refused request with the API's own error text. */
    int failed(AdminClient.Response r) {
        String message = r.body();
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n.has("error")) message = n.get("error").asString();
        } catch (JacksonException e) {
            // not JSON: show the body as it is
        }
        err().println("midreg: " + message + " (HTTP " + r.status() + ")");
        if (r.status() == 401) {
            err().println("midreg: give the admin token with --token, $" + AdminClientOptions.TOKEN_ENV + " or -c CONFIG");
            return ExitCodes.CONFIG;
        }
        return ExitCodes.FAILED;
    }

    JsonNode json(AdminClient.Response r) {
        return JSON.readTree(r.body());
    }

    /** The API's JSON, pretty-printed, for scripts. */
    int printJson(AdminClient.Response r) {
        out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(r)));
        return ExitCodes.OK;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
