package io.midreg.cli.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The dependencies between the packages of all main code in the reactor, read from the sources:
 * every module is a folder of the repository with a {@code pom.xml} and {@code src/main/java}.
 * An edge A → B means some class of package A names a type of package B; the edge keeps the
 * names of the files that do, so a failure can say where to look.
 */
final class PackageGraph {
    private final SortedMap<String, String> moduleOfPackage;
    private final SortedMap<String, SortedMap<String, SortedSet<String>>> edges;
    private final List<ImportSite> imports;

    /** One import statement of main code, for rules about libraries (the logging backend). */
    record ImportSite(String module, String file, String imported) {
    }

    private PackageGraph(SortedMap<String, String> moduleOfPackage, SortedMap<String, SortedMap<String, SortedSet<String>>> edges,
            List<ImportSite> imports) {
        this.moduleOfPackage = moduleOfPackage;
        this.edges = edges;
        this.imports = imports;
    }

    static PackageGraph scan(Path repositoryRoot) {
        SortedMap<String, String> moduleOf = new TreeMap<>();
        SortedMap<String, SortedMap<String, SortedSet<String>>> raw = new TreeMap<>();
        List<ImportSite> imports = new ArrayList<>();
        for (Path module : modules(repositoryRoot)) {
            String moduleName = module.getFileName().toString();
            Path sources = module.resolve("src/main/java");
            for (Path file : javaFiles(sources)) {
                JavaSource source = JavaSource.parse(read(file));
                String where = repositoryRoot.relativize(file).toString();
                String previous = moduleOf.putIfAbsent(source.packageName(), moduleName);
                if (previous != null && !previous.equals(moduleName)) {
                    throw new IllegalStateException("package " + source.packageName() + " is split between modules "
                            + previous + " and " + moduleName + " (" + where + ")");
                }
                raw.computeIfAbsent(source.packageName(), k -> new TreeMap<>());
                for (String target : source.referencedPackages()) {
                    raw.get(source.packageName()).computeIfAbsent(target, k -> new TreeSet<>()).add(file.getFileName().toString());
                }
                for (String imported : source.imports()) imports.add(new ImportSite(moduleName, where, imported));
            }
        }
        // a name of ours that is no package of main code (a Javadoc-only import of test code, say) is no edge
        raw.values().forEach(targets -> targets.keySet().retainAll(moduleOf.keySet()));
        return new PackageGraph(moduleOf, raw, List.copyOf(imports));
    }

    private static List<Path> modules(Path root) {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(d -> Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("src/main/java")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaFiles(Path sources) {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SortedSet<String> packages() {
        return new TreeSet<>(moduleOfPackage.keySet());
    }

    String moduleOf(String pkg) {
        return moduleOfPackage.get(pkg);
    }

    SortedSet<String> modules() {
        return new TreeSet<>(moduleOfPackage.values());
    }

    /** The packages {@code pkg} depends on directly. */
    SortedSet<String> dependencies(String pkg) {
        return new TreeSet<>(edges.getOrDefault(pkg, Collections.emptySortedMap()).keySet());
    }

    /** The files of {@code from} that name a type of {@code to}. */
    SortedSet<String> evidence(String from, String to) {
        return edges.getOrDefault(from, Collections.emptySortedMap()).getOrDefault(to, Collections.emptySortedSet());
    }

    List<ImportSite> imports() {
        return imports;
    }

    /** Direct module dependencies of main code, with the package edges behind each. */
    SortedMap<String, SortedSet<String>> moduleDependencies() {
        SortedMap<String, SortedSet<String>> out = new TreeMap<>();
        for (String pkg : packages()) {
            out.computeIfAbsent(moduleOf(pkg), k -> new TreeSet<>());
            for (String target : dependencies(pkg)) {
                if (!moduleOf(target).equals(moduleOf(pkg))) out.get(moduleOf(pkg)).add(moduleOf(target));
            }
        }
        return out;
    }

    /**
     * The groups of packages that depend on each other in a ring (strongly connected
     * components of more than one package, Tarjan's algorithm), each sorted; none in a layered
     * code base.
     */
    List<SortedSet<String>> cycles() {
        return new Tarjan().run();
    }

    /** The edges that no longer path implies (the transitive reduction; the graph is acyclic when it is drawn). */
    SortedMap<String, SortedSet<String>> withoutImpliedEdges() {
        SortedMap<String, SortedSet<String>> out = new TreeMap<>();
        for (String from : packages()) {
            SortedSet<String> kept = new TreeSet<>();
            for (String to : dependencies(from)) {
                if (!reachableWithout(from, to)) kept.add(to);
            }
            out.put(from, kept);
        }
        return out;
    }

    private boolean reachableWithout(String from, String to) {
        TreeSet<String> seen = new TreeSet<>();
        List<String> work = new ArrayList<>();
        for (String next : dependencies(from)) {
            if (!next.equals(to)) work.add(next);
        }
        while (!work.isEmpty()) {
            String p = work.remove(work.size() - 1);
            if (!seen.add(p)) continue;
            if (p.equals(to)) return true;
            work.addAll(dependencies(p));
        }
        return false;
    }

    private final class Tarjan {
        private final Map<String, Integer> index = new TreeMap<>();
        private final Map<String, Integer> low = new TreeMap<>();
        private final List<String> stack = new ArrayList<>();
        private final List<SortedSet<String>> found = new ArrayList<>();
        private int next;

        List<SortedSet<String>> run() {
            for (String p : packages()) {
                if (!index.containsKey(p)) visit(p);
            }
            return found;
        }

        private void visit(String p) {
            index.put(p, next);
            low.put(p, next);
            next++;
            stack.add(p);
            for (String q : dependencies(p)) {
                if (!index.containsKey(q)) {
                    visit(q);
                    low.put(p, Math.min(low.get(p), low.get(q)));
                } else if (stack.contains(q)) {
                    low.put(p, Math.min(low.get(p), index.get(q)));
                }
            }
            if (low.get(p).equals(index.get(p))) {
                SortedSet<String> component = new TreeSet<>();
                String q;
                do {
                    q = stack.remove(stack.size() - 1);
                    component.add(q);
                } while (!q.equals(p));
                if (component.size() > 1) found.add(component);
            }
        }
    }
}
