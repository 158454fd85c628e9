package io.midreg.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layering of all main code in the reactor: no two packages depend on each other
 * (directly or round a ring), the modules depend only as DESIGN.md allows, and the picture in
 * docs/architecture.md is the one the code gives. It reads the sources of every module, so it
 * lives in cli, the module at the top, though it needs none of the code on its class path.
 *
 * <p>After a change of structure, regenerate the picture with
 * {@code mvn -q -o -pl cli -am test -Dtest=ArchitectureTest -Dsurefire.failIfNoSpecifiedTests=false -Darchitecture.write=true}.
 */
class ArchitectureTest {
    static final String REGENERATE = "mvn -q -o -pl cli -am test -Dtest=ArchitectureTest -Dsurefire.failIfNoSpecifiedTests=false -Darchitecture.write=true";

    private final Path root = repositoryRoot();
    private final PackageGraph graph = PackageGraph.scan(root);

    @Test
    void readsEveryModuleWithMainCode() {
        assertThat(graph.modules()).contains("sip", "store", "upstream-uac", "midreg", "cli");
        assertThat(graph.packages()).contains("io.midreg.sip.message", "io.midreg.store", "io.midreg.upstream", "io.midreg.cli");
        assertThat(graph.dependencies("io.midreg.sip.message")).contains("io.midreg.sip.header");
    }

    @Test
    void noPackagesDependOnEachOther() {
        List<String> rings = new ArrayList<>();
        for (SortedSet<String> cycle : graph.cycles()) {
            StringBuilder s = new StringBuilder("packages in a ring: " + cycle);
            for (String from : cycle) {
                for (String to : graph.dependencies(from)) {
                    if (cycle.contains(to)) s.append("\n    ").append(from).append(" → ").append(to).append(" in ").append(graph.evidence(from, to));
                }
            }
            rings.add(s.toString());
        }
        assertThat(rings).as("each layer depends only downwards; move what both sides need into a package below them").isEmpty();
    }

    @Test
    void modulesDependOnlyAsTheDesignAllows() {
        assertThat(ModuleRules.violations(graph)).isEmpty();
    }

    @Test
    void architectureMdShowsThePackagesAsTheyAre() throws Exception {
        ArchitectureDocument doc = new ArchitectureDocument(root.resolve("docs/architecture.md"));
        String expected = ArchitecturePicture.mermaid(graph) + "\n" + ArchitecturePicture.moduleList(graph);
        if (Boolean.getBoolean("architecture.write")) doc.replaceGenerated(expected);
        assertThat(doc.generated()).as("docs/architecture.md is stale; regenerate it with: " + REGENERATE).isEqualTo(expected);
    }

    /** The checkout: the nearest folder up from the module's with a pom.xml and docs/architecture.md. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isRegularFile(p.resolve("docs/architecture.md"))) return p;
        }
        throw new IllegalStateException("no checkout (pom.xml with docs/architecture.md) above " + Path.of("").toAbsolutePath());
    }
}
