package io.midreg.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The shared RFC 4475 / RFC 5118 torture corpus, read as bytes and checked against SHA256SUMS. */
final class ConformanceCorpus {
    private ConformanceCorpus() {
    }

    /** {@code ../shared/conformance} beside the repository, found from the module directory. */
    static Path root() {
        Path root = Path.of(System.getProperty("user.dir")).resolve("../../shared/conformance").normalize();
        assertThat(root.resolve("README.md"))
                .as("conformance corpus not found at %s (expected ../shared/conformance beside the repository)", root)
                .isRegularFile();
        return root;
    }

    /** The files a stream test sends: every rfc4475/*.dat and rfc5118-wire/*.dat, sorted. */
    static List<Path> wireFiles() {
        Path root = root();
        return Stream.of("rfc4475", "rfc5118-wire")
                .flatMap(dir -> list(root.resolve(dir)))
                .filter(p -> p.getFileName().toString().endsWith(".dat"))
                .sorted()
                .toList();
    }

    /** The file's bytes, failing when they differ from SHA256SUMS (the checkout altered them). */
    static byte[] read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String expected = checksums().get(root().relativize(file).toString());
            assertThat(expected).as("no SHA256SUMS entry for %s", file).isNotNull();
            assertThat(sha256(bytes)).as("sha256 of %s", file).isEqualTo(expected);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> checksums() throws IOException {
        Map<String, String> sums = new HashMap<>();
        for (String line : Files.readAllLines(root().resolve("SHA256SUMS"), StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split("\\s+\\*?", 2);
            if (parts.length == 2) {
                sums.put(parts[1].startsWith("./") ? parts[1].substring(2) : parts[1], parts[0]);
            }
        }
        return sums;
    }

    private static String sha256(byte[] bytes) {
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
            throw new UncheckedIOException(e);
        }
    }
}
