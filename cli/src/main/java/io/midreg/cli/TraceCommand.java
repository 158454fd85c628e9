package io.midreg.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code midreg trace aor|source|off|status}: SIP message tracing in a running midreg (logged on midreg.trace). */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Log the full SIP messages of one AOR or one source address in a running midreg (logger midreg.trace, INFO).",
        subcommands = {TraceCommand.Aor.class, TraceCommand.Source.class, TraceCommand.Off.class, TraceCommand.Status.class})
final class TraceCommand {
    /** Starts a trace; the server switches it off by itself after the time limit. */
    abstract static class Start extends AdminCommand {
        @Option(names = "--seconds", paramLabel = "N", defaultValue = "600", description = "Stop after N seconds (default: ${DEFAULT-VALUE}).")
        long seconds;

        abstract String field();

        abstract String value();

        @Override
        int run(AdminClient client) throws AdminClient.UnreachableException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put(field(), value());
            body.put("seconds", seconds);
            AdminClient.Response r = client.post("/api/trace", JSON.writeValueAsString(body));
            if (!r.ok()) return failed(r);
            Status.print(this, json(r));
            return ExitCodes.OK;
        }
    }

    @Command(name = "aor", mixinStandardHelpOptions = true, description = "Trace the messages of one AOR: its registrations (by To or From) and the calls to and from its devices.")
    static final class Aor extends Start {
        @Parameters(paramLabel = "AOR", description = "The AOR.")
        String aor;

        @Override
        String field() {
            return "aor";
        }

        @Override
        String value() {
            return aor;
        }
    }

    @Command(name = "source", mixinStandardHelpOptions = true, description = "Trace the messages from and to one address (and their relayed copies, both legs of a call).")
    static final class Source extends Start {
        @Parameters(paramLabel = "ADDR", description = "ip or ip:port.")
        String address;

        @Override
        String field() {
            return "source";
        }

        @Override
        String value() {
            return address;
        }
    }

    @Command(name = "off", mixinStandardHelpOptions = true, description = "Stop tracing.")
    static final class Off extends AdminCommand {
        @Override
        int run(AdminClient client) throws AdminClient.UnreachableException {
            AdminClient.Response r = client.delete("/api/trace");
            if (!r.ok()) return failed(r);
            out().println(json(r).get("wasActive").asBoolean() ? "trace off" : "no trace was active");
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the active trace, if any.")
    static final class Status extends AdminCommand {
        @Option(names = "--json", description = "Print the admin API's JSON.")
        boolean json;

        @Override
        int run(AdminClient client) throws AdminClient.UnreachableException {
            AdminClient.Response r = client.get("/api/trace");
            if (!r.ok()) return failed(r);
            if (json) return printJson(r);
            print(this, json(r));
            return ExitCodes.OK;
        }

        static void print(AdminCommand c, JsonNode t) {
            if (!t.get("active").asBoolean()) {
                c.out().println("no trace active");
                return;
            }
            String what = t.get("aor").isNull() ? "source " + t.get("source").asString() : "aor " + t.get("aor").asString();
            c.out().println("tracing " + what + " for " + t.get("remainingSeconds").asLong() + "s more (logger " + t.get("logger").asString()
                    + ", INFO)");
        }
    }
}
