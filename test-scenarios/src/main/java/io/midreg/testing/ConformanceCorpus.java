package io.midreg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The shared RFC 4475 / RFC 5118 torture corpus in {@code ../shared/conformance} beside the
 * checkout: the rows of its MANIFEST.tsv, its wire files, and every file's bytes checked against
 * SHA256SUMS (a checkout that rewrites line ends would otherwise test other bytes than the RFCs
 * print). A missing corpus fails the test that asked for it, naming the path it expected: a
 * conformance test that skips proves nothing.
 */
public final class ConformanceCorpus {
    private ConformanceCorpus() {
    }

    /** One manifest row: one test case. */
    public record Entry(String file, String rfc, String section, String kind, String verdict, String expected,
                        String description, String wireFile, String framing, String sha256, Path root) {
        /** Short name: the file name without directory and .dat. */
        public String name() {
            String n = file.substring(file.lastIndexOf('/') + 1);
            return n.endsWith(".dat") ? n.substring(0, n.length() - 4) : n;
        }

        public boolean valid() {
            return "valid".equals(verdict);
        }

        public boolean isRequest() {
            return "request".equals(kind);
        }

        /** Bytes to send, read as bytes (never as text). */
        public byte[] wireBytes() throws IOException {
            return Files.readAllBytes(root.resolve(wireFile.isEmpty() || "-".equals(wireFile) ? file : wireFile));
        }

        /** The exact RFC copy, after checking its sha256 against the manifest. */
        public byte[] originalBytes() throws IOException {
            byte[] b = Files.readAllBytes(root.resolve(file));
            String actual = ConformanceCorpus.sha256(b);
            if (!actual.equals(sha256)) {
                throw new AssertionError("sha256 of " + file + " is " + actual + ", the manifest says " + sha256 + " (checkout altered the bytes?)");
            }
            return b;
        }

        @Override
        public String toString() {
            return name() + " (" + verdict + " " + kind + ", RFC " + rfc + " §" + section + ")";
        }
    }

    /**
     * {@code shared/conformance} beside the checkout (the directory holding
     * {@code test-scenarios/}, found upwards from the module's working directory); fails naming
     * the path when it or its MANIFEST.tsv and SHA256SUMS are missing.
     */
    public static Path root() {
        return rootBeside(TestScenarios.directory().getParent());
    }

    /** {@code shared/conformance} beside {@code checkout}; fails naming what is missing. */
    static Path rootBeside(Path checkout) {
        Path root = checkout.resolveSibling("shared").resolve("conformance");
        for (String required : List.of("MANIFEST.tsv", "SHA256SUMS")) {
            if (!Files.isRegularFile(root.resolve(required))) {
                throw new IllegalStateException("conformance corpus not found: " + root.resolve(required) + " is missing (the corpus is "
                        + "../shared/conformance beside the checkout " + checkout + ")");
            }
        }
        return root;
    }

    /** Every manifest row, in manifest order. */
    public static List<Entry> entries() throws IOException {
        Path root = root();
        List<String> lines = Files.readAllLines(root.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8);
        List<Entry> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] c = line.split("\t", -1);
            if (c.length < 10) throw new IllegalStateException("manifest row with " + c.length + " columns: " + line);
            out.add(new Entry(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], root));
        }
        if (out.isEmpty()) throw new IllegalStateException("conformance manifest " + root.resolve("MANIFEST.tsv") + " has no rows");
        return out;
    }

    /** The file at {@code relative} (e.g. {@code rfc4475/regaut01.dat}); fails when it is missing. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p)) throw new IllegalStateException("conformance corpus file missing: " + p);
        return p;
    }

    /** The files a stream test sends: every rfc4475/*.dat and rfc5118-wire/*.dat, sorted. */
    public static List<Path> wireFiles() {
        Path root = root();
        List<Path> files = Stream.of("rfc4475", "rfc5118-wire")
                .flatMap(dir -> list(root.resolve(dir)))
                .filter(p -> p.getFileName().toString().endsWith(".dat"))
                .sorted()
                .toList();
        if (files.isEmpty()) throw new IllegalStateException("no .dat files under " + root.resolve("rfc4475") + " or " + root.resolve("rfc5118-wire"));
        return files;
    }

    /** The file's bytes (a path from {@link #wireFiles} or {@link #file}), failing when they differ from SHA256SUMS. */
    public static byte[] read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String relative = root().relativize(file.normalize()).toString();
            String expected = checksums().get(relative);
            if (expected == null) throw new AssertionError("no SHA256SUMS entry for " + relative);
            String actual = sha256(bytes);
            if (!actual.equals(expected)) throw new AssertionError("sha256 of " + file + " is " + actual + ", SHA256SUMS says " + expected);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #read(Path)} for the file at {@code relative} under the corpus. */
    public static byte[] read(String relative) {
        return read(file(relative));
    }

    private static Map<String, String> checksums() throws IOException {
        Map<String, String> sums = new HashMap<>();
        for (String line : Files.readAllLines(root().resolve("SHA256SUMS"), StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split("\\s+\\*?", 2);
            if (parts.length == 2) sums.put(parts[1].startsWith("./") ? parts[1].substring(2) : parts[1], parts[0]);
        }
        return sums;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Stream<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
