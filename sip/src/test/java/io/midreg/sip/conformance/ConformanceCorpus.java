package io.midreg.sip.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads ../shared/conformance/MANIFEST.tsv; every row is one test case. */
public final class ConformanceCorpus {
    private ConformanceCorpus() {
    }

    /** One manifest row. */
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
            assertThat(ConformanceCorpus.sha256(b)).as("sha256 of %s (checkout altered the bytes?)", file).isEqualTo(sha256);
            return b;
        }

        @Override
        public String toString() {
            return name() + " (" + verdict + " " + kind + ", RFC " + rfc + " §" + section + ")";
        }
    }

    public static Path root() {
        Path p = Path.of(System.getProperty("user.dir")).resolve("../../shared/conformance").normalize();
        if (!Files.isRegularFile(p.resolve("MANIFEST.tsv"))) {
            p = Path.of(System.getProperty("user.dir")).resolve("../shared/conformance").normalize();
        }
        if (!Files.isRegularFile(p.resolve("MANIFEST.tsv"))) {
            throw new IllegalStateException("conformance corpus not found: expected ../shared/conformance/MANIFEST.tsv beside the checkout");
        }
        return p;
    }

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
        return out;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
