package io.midreg.cli;

import io.midreg.admin.BindingJson;
import io.midreg.store.BindingStores;
import io.midreg.store.ReadOnlyStoreView;
import io.midreg.store.StoreException;
import io.midreg.store.StoreStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code midreg store inspect FILE}: reads a store file directly (read-only), with or without a running midreg. */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Work with store files directly.", subcommands = StoreCommand.Inspect.class)
final class StoreCommand {
    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "List the AORs in a store file, live (next to a running midreg) or offline; never writes to it.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The store file (store.file in the config).")
        Path file;

        @Option(names = "--aor", paramLabel = "PREFIX", description = "Only AORs starting with PREFIX.")
        String prefix;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N AORs (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print JSON (the admin API's bindings format).")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            if (limit < 1) {
                err.println("midreg: --limit must be at least 1");
                return ExitCodes.CONFIG;
            }
            List<Map<String, Object>> aors = new ArrayList<>();
            long[] total = new long[1];
            StoreStats stats;
            long now = System.currentTimeMillis();
            try (ReadOnlyStoreView view = BindingStores.openReadOnly(file)) {
                java.util.function.BiConsumer<String, io.midreg.store.AorRecord> add = (aor, rec) -> {
                    total[0]++;
                    if (aors.size() < limit) aors.add(BindingJson.aor(aor, rec, now));
                };
                String p = prefix == null ? null : prefix.regionMatches(true, 0, "sip:", 0, 4) ? "sip:" + prefix.substring(4) : "sip:" + prefix;
                if (p == null) view.forEach(add);
                else view.forEachWithPrefix(p, add);
                stats = view.stats();
            } catch (StoreException e) {
                err.println("midreg: cannot read the store " + file + ": " + e.getMessage());
                return ExitCodes.FAILED;
            }
            aors.sort(Comparator.comparing(m -> (String) m.get("aor")));
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", file.toString());
                m.put("count", total[0]);
                m.put("truncated", total[0] > aors.size());
                m.put("capacity", stats.capacity());
                m.put("aors", aors);
                out.println(AdminCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
                out.flush();
                return ExitCodes.OK;
            }
            Table t = new Table("AOR", "CONTACT", "TRANSPORT", "RECEIVED", "EXPIRES", "UPSTREAM");
            for (Map<String, Object> m : aors) {
                tools.jackson.databind.JsonNode n = AdminCommand.JSON.valueToTree(m);
                if (n.get("bindings").isEmpty()) t.row(n.get("aor").asString(), "(none)", null, null, null, Views.upstreamSummary(n.get("upstream")));
                for (var b : n.get("bindings")) {
                    var up = b.get("upstream").isNull() ? n.get("upstream") : b.get("upstream");
                    t.row(n.get("aor").asString(), b.get("contact").asString(), b.get("flow").get("transport").asString(),
                            b.get("flow").get("received").asString(), b.get("expiresIn").isNull() ? null : b.get("expiresIn").asLong(),
                            Views.upstreamSummary(up));
                }
            }
            t.print(out);
            out.println(total[0] + " AOR" + (total[0] == 1 ? "" : "s") + " in " + file + " (capacity " + stats.capacity() + ")"
                    + (total[0] > aors.size() ? "; first " + aors.size() + " shown" : ""));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
