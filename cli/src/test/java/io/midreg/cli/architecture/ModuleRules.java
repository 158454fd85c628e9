package io.midreg.cli.architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The module boundaries of {@code ../shared/DESIGN.md} ("Modules": the "may depend on" column,
 * and "Never: sip, store depending on another module of ours; store knowing SIP types; anything
 * but cli choosing a logging backend"), as checks over a {@link PackageGraph}.
 */
final class ModuleRules {
    /** Module folder → the modules of ours its main code may use. */
    static final Map<String, Set<String>> MAY_DEPEND_ON = Map.of(
            "sip", Set.of(),
            "store", Set.of(),
            "upstream-uac", Set.of("sip"),
            "nat", Set.of("sip"),
            "midreg", Set.of("sip", "store", "upstream-uac", "nat"),
            "cli", Set.of("midreg", "store"),
            "test-scenarios", Set.of());

    /** Packages of logging backends: choosing one is the command's business, nobody else's. */
    private static final List<String> LOGGING_BACKENDS = List.of("ch.qos.logback.", "org.apache.logging.log4j.core.");
    private static final String MODULE_WITH_A_LOGGING_BACKEND = "cli";

    private ModuleRules() {
    }

    /** Every broken rule, one line each, naming the files to look at; empty when the code keeps them. */
    static List<String> violations(PackageGraph graph) {
        List<String> out = new ArrayList<>();
        for (String module : graph.modules()) {
            if (!MAY_DEPEND_ON.containsKey(module)) {
                out.add("module " + module + " has no place in DESIGN.md's module table (add it there and to ModuleRules)");
            }
        }
        for (String from : graph.packages()) {
            String fromModule = graph.moduleOf(from);
            Set<String> allowed = MAY_DEPEND_ON.getOrDefault(fromModule, Set.of());
            for (String to : graph.dependencies(from)) {
                String toModule = graph.moduleOf(to);
                if (toModule.equals(fromModule) || allowed.contains(toModule)) continue;
                out.add(fromModule + " may not depend on " + toModule + ": " + from + " → " + to + " in " + graph.evidence(from, to));
            }
        }
        for (PackageGraph.ImportSite site : graph.imports()) {
            if (site.module().equals(MODULE_WITH_A_LOGGING_BACKEND)) continue;
            for (String backend : LOGGING_BACKENDS) {
                if (site.imported().startsWith(backend)) {
                    out.add(site.module() + " chooses a logging backend (only cli does): " + site.file() + " imports " + site.imported());
                }
            }
        }
        return out;
    }
}
