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
 * (directly or round a ring), and the modules depend only as DESIGN.md allows. It reads the sources of every module, so it
 * lives in cli, the module at the top, though it needs none of the code on its class path.
 */
class ArchitectureTest {
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

    /** The checkout: the nearest folder up from the module's with a pom.xml and docs/architecture.md. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isRegularFile(p.resolve("docs/architecture.md"))) return p;
        }
        throw new IllegalStateException("no checkout (pom.xml with docs/architecture.md) above " + Path.of("").toAbsolutePath());
    }
}
