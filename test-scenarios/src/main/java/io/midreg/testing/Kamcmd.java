package io.midreg.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kamailio's RPC client ({@code kamcmd}, binrpc over a unix socket) and the parsing of its
 * text output. kamcmd exits 0 even when the RPC fails: failures are recognised by their
 * {@code error: CODE - reason} line.
 */
public final class Kamcmd {
    private static final int TIMEOUT_SECONDS = 10;
    private static final Pattern STATISTIC = Pattern.compile("^\\s*([\\w.-]+):([\\w.-]+) = (-?\\d+)\\s*$", Pattern.MULTILINE);
    private static final Pattern RPC_ERROR = Pattern.compile("^error: (\\d+) - (.*)$", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    private static final Pattern FIELD = Pattern.compile("^\\s*([\\w-]+): (.*)$");

    private final Path binary;
    private final String socket;

    /** A client of the binrpc socket {@code socket}, e.g. {@code unix:/tmp/x/kamailio_ctl}. */
    public Kamcmd(String socket) {
        this.binary = InstalledTool.require("kamcmd", "kamailio");
        this.socket = socket;
    }

    /** The output of one RPC; fails when kamcmd cannot reach Kamailio or the RPC reports an error. */
    public String call(String... command) {
        String out = run(command);
        Matcher error = RPC_ERROR.matcher(out);
        if (error.find()) throw new RpcError(Integer.parseInt(error.group(1)), error.group(2), String.join(" ", command));
        return out;
    }

    /** Whether Kamailio answers RPCs at all (used while it starts). */
    public boolean answers() {
        try {
            return call("core.version").contains("kamailio");
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    /** Statistic values by plain name ({@code rcv_requests_register}, {@code accepted_regs} ...); unknown names are absent. */
    public Map<String, Long> statistics(String... names) {
        String[] command = new String[names.length + 1];
        command[0] = "stats.get_statistics";
        System.arraycopy(names, 0, command, 1, names.length);
        Map<String, Long> values = new LinkedHashMap<>();
        Matcher m = STATISTIC.matcher(call(command));
        while (m.find()) values.put(m.group(2), Long.parseLong(m.group(3)));
        return values;
    }

    /** The contacts usrloc holds for {@code aor} in table {@code location}; none when the AOR is unknown. */
    public List<RegisteredContact> contactsOf(String aor) {
        String out;
        try {
            out = call("ul.lookup", "location", aor);
        } catch (RpcError e) {
            // "AOR has no contacts": the record is still there, its contacts expired or removed (until usrloc's timer cleans up)
            if (e.reason().contains("not found") || e.reason().contains("no contacts")) return List.of();
            throw e;
        }
        return parseContacts(out);
    }

    /** Parses the {@code Contact: { ... }} blocks of {@code ul.lookup} / {@code ul.dump} output. */
    static List<RegisteredContact> parseContacts(String out) {
        List<RegisteredContact> contacts = new ArrayList<>();
        Map<String, String> fields = null;
        for (String line : out.split("\n")) {
            String t = line.strip();
            if (t.equals("Contact: {")) {
                fields = new LinkedHashMap<>();
            } else if (fields != null && t.equals("}")) {
                contacts.add(toContact(fields));
                fields = null;
            } else if (fields != null) {
                Matcher m = FIELD.matcher(t);
                if (m.matches()) fields.put(m.group(1), m.group(2));
            }
        }
        return List.copyOf(contacts);
    }

    private static RegisteredContact toContact(Map<String, String> f) {
        return new RegisteredContact(f.getOrDefault("Address", ""), Long.parseLong(f.getOrDefault("Expires", "0")),
                f.getOrDefault("Call-ID", ""), Long.parseLong(f.getOrDefault("CSeq", "0")), optional(f.get("Path")),
                optional(f.get("Received")), optional(f.get("User-Agent")));
    }

    /** kamcmd prints absent values as {@code [not set]} (and an absent User-Agent as {@code n/a}). */
    private static Optional<String> optional(String value) {
        if (value == null || value.equals("[not set]") || value.equals("n/a")) return Optional.empty();
        return Optional.of(value);
    }

    private String run(String... command) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-s", socket));
        cmd.addAll(List.of(command));
        Path output = null;
        Process p = null;
        try {
            // a file, not a pipe: a big ul.dump would fill the pipe and block kamcmd until the time-out
            output = Files.createTempFile("kamcmd", ".out");
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) throw new IllegalStateException("kamcmd did not answer in time: " + cmd);
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) throw new IllegalStateException("kamcmd failed (" + p.exitValue() + "): " + cmd + "\n" + out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd, e);
        } finally {
            if (p != null && p.isAlive()) p.destroyForcibly();
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is not worth failing a test for
        }
    }

    /** An RPC that Kamailio answered with an error. */
    public static final class RpcError extends IllegalStateException {
        private final int code;
        private final String reason;

        RpcError(int code, String reason, String command) {
            super("kamcmd " + command + ": error " + code + " - " + reason);
            this.code = code;
            this.reason = reason;
        }

        public int code() {
            return code;
        }

        public String reason() {
            return reason;
        }
    }
}
