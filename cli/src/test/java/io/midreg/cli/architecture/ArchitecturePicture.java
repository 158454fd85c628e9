package io.midreg.cli.architecture;

import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The picture of modules and packages in docs/architecture.md: a Mermaid flowchart with one box
 * per module, its packages inside, and an arrow A → B where package A uses package B. Arrows
 * that a longer chain already implies are left out, so the layers stay readable. The text is a
 * function of the code alone (sorted, no dates), so comparing it with the document is exact.
 */
final class ArchitecturePicture {
    private static final String ROOT = "io.midreg.";

    private ArchitecturePicture() {
    }

    static String mermaid(PackageGraph graph) {
        StringBuilder out = new StringBuilder("```mermaid\nflowchart TD\n");
        for (String module : graph.modules()) {
            out.append("  subgraph ").append(moduleId(module)).append("[\"").append(module).append("/\"]\n");
            for (String pkg : graph.packages()) {
                if (!graph.moduleOf(pkg).equals(module)) continue;
                out.append("    ").append(packageId(pkg)).append("[\"").append(label(pkg)).append("\"]\n");
            }
            out.append("  end\n");
        }
        for (Map.Entry<String, SortedSet<String>> e : graph.withoutImpliedEdges().entrySet()) {
            for (String to : e.getValue()) {
                out.append("  ").append(packageId(e.getKey())).append(" --> ").append(packageId(to)).append('\n');
            }
        }
        return out.append("```\n").toString();
    }

    /** The module arrows in words, for the reader who sees the Markdown source rather than the drawing. */
    static String moduleList(PackageGraph graph) {
        StringBuilder out = new StringBuilder();
        SortedMap<String, SortedSet<String>> modules = graph.moduleDependencies();
        for (Map.Entry<String, SortedSet<String>> e : modules.entrySet()) {
            out.append("- `").append(e.getKey()).append("` → ")
                    .append(e.getValue().isEmpty() ? "no module of ours" : "`" + String.join("`, `", e.getValue()) + "`")
                    .append('\n');
        }
        return out.toString();
    }

    private static String label(String pkg) {
        return pkg.startsWith(ROOT) ? pkg.substring(ROOT.length()) : pkg;
    }

    private static String moduleId(String module) {
        return "module_" + module.replaceAll("\\W", "_");
    }

    private static String packageId(String pkg) {
        return "pkg_" + label(pkg).replaceAll("\\W", "_");
    }
}
