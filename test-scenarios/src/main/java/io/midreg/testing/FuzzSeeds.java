package io.midreg.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Seed inputs for the fuzz targets, cut from the RFC 4475 / RFC 5118 torture corpus: whole
 * messages for the message parser and the stream framer, header values and URIs for the header,
 * URI and digest parsers. Seeds start the fuzzer in the interesting corners of the grammar
 * (folding, escapes, IPv6 references, odd whitespace) instead of at the empty input, and in
 * regression mode every fuzz target runs on each of them.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    /** One seed: a name that says where it came from, and its bytes. */
    public record Seed(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every corpus message as sent (rfc4475 and rfc5118-wire) and the RFC 5118 originals (LF-only). */
    public static List<Seed> messages() {
        List<Seed> out = new ArrayList<>();
        for (Path file : ConformanceCorpus.wireFiles()) {
            out.add(new Seed(name(file), ConformanceCorpus.read(file)));
        }
        for (Path file : ConformanceCorpus.wireFiles()) {
            if (file.getParent().getFileName().toString().equals("rfc5118-wire")) {
                String relative = "rfc5118/" + file.getFileName();
                out.add(new Seed(relative, ConformanceCorpus.read(relative)));
            }
        }
        return out;
    }

    /**
     * The values of the named header fields (long or compact names, case-insensitive) in every
     * corpus message, unfolded, one seed per distinct value.
     */
    public static List<Seed> headerValues(String... names) {
        Set<String> wanted = Set.of(lower(names));
        Map<String, Seed> out = new LinkedHashMap<>();
        for (Seed m : messages()) {
            for (String[] field : headerFields(m.bytes())) {
                if (wanted.contains(field[0].toLowerCase(Locale.ROOT))) {
                    out.putIfAbsent(field[1], new Seed(m.name() + " " + field[0], field[1].getBytes(StandardCharsets.ISO_8859_1)));
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** Request-URIs and the URIs inside {@code <...>} of every corpus message, one seed per distinct URI. */
    public static List<Seed> uris() {
        Map<String, Seed> out = new LinkedHashMap<>();
        for (Seed m : messages()) {
            String text = new String(m.bytes(), StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r?\n", -1);
            String[] start = lines[0].split(" ");
            if (start.length == 3 && !start[0].startsWith("SIP/")) {
                out.putIfAbsent(start[1], new Seed(m.name() + " Request-URI", start[1].getBytes(StandardCharsets.ISO_8859_1)));
            }
            for (String[] field : headerFields(m.bytes())) {
                String v = field[1];
                for (int lt = v.indexOf('<'); lt >= 0; lt = v.indexOf('<', lt + 1)) {
                    int gt = v.indexOf('>', lt);
                    if (gt < 0) break;
                    String uri = v.substring(lt + 1, gt);
                    out.putIfAbsent(uri, new Seed(m.name() + " " + field[0] + " URI", uri.getBytes(StandardCharsets.ISO_8859_1)));
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** The header section's fields as [name, unfolded value], read leniently (torture messages are meant to be odd). */
    private static List<String[]> headerFields(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n", -1);
        List<String[]> fields = new ArrayList<>();
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            String line = lines[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && !fields.isEmpty()) {
                String[] last = fields.get(fields.size() - 1);
                last[1] = last[1] + " " + line.strip();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            fields.add(new String[] {line.substring(0, colon).strip(), line.substring(colon + 1).strip()});
        }
        return fields;
    }

    private static String[] lower(String[] names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) out[i] = names[i].toLowerCase(Locale.ROOT);
        return out;
    }

    private static String name(Path file) {
        return file.getParent().getFileName() + "/" + file.getFileName();
    }
}
