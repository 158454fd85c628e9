package io.midreg.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner and the rules on a small made-up reactor, so a broken rule is seen to fail. */
class PackageGraphTest {
    @TempDir
    Path root;

    private void source(String module, String pkg, String type, String body) throws IOException {
        Path dir = root.resolve(module).resolve("src/main/java").resolve(pkg.replace('.', '/'));
        Files.createDirectories(dir);
        Files.writeString(root.resolve(module).resolve("pom.xml"), "<project/>");
        Files.writeString(dir.resolve(type + ".java"), "package " + pkg + ";\n" + body + "\nfinal class " + type + " {}\n");
    }

    @Test
    void findsARingOfPackagesAndTheFilesThatMakeIt() throws IOException {
        source("sip", "io.midreg.sip.message", "Parser", "import io.midreg.sip.header.Via;");
        source("sip", "io.midreg.sip.header", "Via", "import io.midreg.sip.message.Parser;");
        source("sip", "io.midreg.sip.uri", "Uri", "import io.midreg.sip.header.Via;");

        PackageGraph graph = PackageGraph.scan(root);

        assertThat(graph.cycles()).containsExactly(new TreeSet<>(List.of("io.midreg.sip.header", "io.midreg.sip.message")));
        assertThat(graph.evidence("io.midreg.sip.header", "io.midreg.sip.message")).containsExactly("Via.java");
    }

    @Test
    void countsQualifiedNamesInCodeButNotInCommentsOrStrings() throws IOException {
        source("sip", "io.midreg.sip.a", "A", "/** {@link io.midreg.sip.c.C} */ // io.midreg.sip.c.C\n"
                + "class Use { Object o = io.midreg.sip.b.B.X; String s = \"io.midreg.sip.c.C\"; char q = '\"'; String t = \"\"\"\n io.midreg.sip.c.C \"\"\"; }");
        source("sip", "io.midreg.sip.b", "B", "");
        source("sip", "io.midreg.sip.c", "C", "");

        PackageGraph graph = PackageGraph.scan(root);

        assertThat(graph.dependencies("io.midreg.sip.a")).containsExactly("io.midreg.sip.b");
    }

    @Test
    void reportsAModuleThatReachesBeyondWhatTheDesignAllows() throws IOException {
        source("store", "io.midreg.store", "Binding", "import io.midreg.sip.uri.SipUri;\nimport ch.qos.logback.classic.Logger;");
        source("sip", "io.midreg.sip.uri", "SipUri", "");

        assertThat(ModuleRules.violations(PackageGraph.scan(root)))
                .anySatisfy(v -> assertThat(v).startsWith("store may not depend on sip: io.midreg.store → io.midreg.sip.uri in [Binding.java]"))
                .anySatisfy(v -> assertThat(v).startsWith("store chooses a logging backend"));
    }

    @Test
    void drawsOnlyTheArrowsNoLongerPathImplies() throws IOException {
        source("sip", "io.midreg.sip.message", "M", "import io.midreg.sip.header.H; import io.midreg.sip.uri.U;");
        source("sip", "io.midreg.sip.header", "H", "import io.midreg.sip.uri.U;");
        source("sip", "io.midreg.sip.uri", "U", "");

        String picture = ArchitecturePicture.mermaid(PackageGraph.scan(root));

        assertThat(picture).contains("pkg_sip_message --> pkg_sip_header", "pkg_sip_header --> pkg_sip_uri")
                .doesNotContain("pkg_sip_message --> pkg_sip_uri");
    }
}
