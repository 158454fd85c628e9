package io.midreg.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A SIP message as the {@link SipPeer} read it off the wire, parsed by the peer itself: start
 * line, header lines (folded lines joined, compact names expanded, RFC 3261 §7.3.3), body. The
 * parsing is deliberately minimal and shares nothing with the product's parser, so a test that
 * checks an answer through it is an independent oracle; anything it cannot split is an
 * {@link IllegalArgumentException} naming the bytes.
 */
public final class ReceivedMessage {
    /** RFC 3261 §7.3.3 and the registered compact forms. */
    private static final Map<String, String> COMPACT = Map.ofEntries(Map.entry("i", "Call-ID"), Map.entry("f", "From"),
            Map.entry("t", "To"), Map.entry("v", "Via"), Map.entry("m", "Contact"), Map.entry("l", "Content-Length"),
            Map.entry("c", "Content-Type"), Map.entry("e", "Content-Encoding"), Map.entry("k", "Supported"), Map.entry("s", "Subject"),
            Map.entry("o", "Event"), Map.entry("u", "Allow-Events"), Map.entry("r", "Refer-To"), Map.entry("b", "Referred-By"),
            Map.entry("x", "Session-Expires"));

    /** One header line: its name (compact forms expanded) and its value, trimmed. */
    public record Header(String name, String value) {
    }

    /**
     * One Contact value: {@code value} as written, {@code uri} without angle brackets or display
     * name, {@code expires} its expires parameter (null when it has none).
     */
    public record Contact(String value, String uri, Long expires) {
        static Contact of(String value) {
            int open = value.indexOf('<');
            int close = value.indexOf('>', open + 1);
            String uri;
            if (open >= 0 && close > open) {
                uri = value.substring(open + 1, close);
            } else {
                int semi = value.indexOf(';');
                uri = (semi < 0 ? value : value.substring(0, semi)).trim();
            }
            String expires = param(value, "expires");
            return new Contact(value, uri, expires == null || expires.isEmpty() ? null : Long.valueOf(expires));
        }
    }

    private final byte[] bytes;
    private final String startLine;
    private final List<Header> headers;
    private final byte[] body;

    private ReceivedMessage(byte[] bytes, String startLine, List<Header> headers, byte[] body) {
        this.bytes = bytes;
        this.startLine = startLine;
        this.headers = headers;
        this.body = body;
    }

    /** Splits {@code bytes} (one whole message) into start line, headers and body. */
    public static ReceivedMessage parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        int separator = 4;
        if (end < 0) {
            end = text.indexOf("\n\n");
            separator = 2;
        }
        if (end < 0) throw new IllegalArgumentException("no empty line after the headers:\n" + text);
        String[] lines = text.substring(0, end).split("\r?\n");
        List<Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && !headers.isEmpty()) {
                Header last = headers.remove(headers.size() - 1);
                headers.add(new Header(last.name(), last.value() + " " + line.trim()));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("header line without a name: '" + line + "' in\n" + text);
            String name = line.substring(0, colon).trim();
            headers.add(new Header(COMPACT.getOrDefault(name.toLowerCase(Locale.ROOT), name), line.substring(colon + 1).trim()));
        }
        byte[] body = Arrays.copyOfRange(bytes, end + separator, bytes.length);
        return new ReceivedMessage(bytes.clone(), lines[0], List.copyOf(headers), body);
    }

    public boolean isResponse() {
        return startLine.startsWith("SIP/");
    }

    public String startLine() {
        return startLine;
    }

    /** The status code of a response. */
    public int status() {
        if (!isResponse()) throw new IllegalStateException("not a response: " + startLine);
        String[] parts = startLine.split(" ", 3);
        try {
            return Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad status line: " + startLine, e);
        }
    }

    /** The reason phrase of a response (may be empty). */
    public String reason() {
        if (!isResponse()) throw new IllegalStateException("not a response: " + startLine);
        String[] parts = startLine.split(" ", 3);
        return parts.length == 3 ? parts[2] : "";
    }

    /** The method of a request. */
    public String method() {
        if (isResponse()) throw new IllegalStateException("not a request: " + startLine);
        return startLine.substring(0, startLine.indexOf(' '));
    }

    /** The Request-URI of a request. */
    public String requestUri() {
        if (isResponse()) throw new IllegalStateException("not a request: " + startLine);
        String[] parts = startLine.split(" ");
        return parts[1];
    }

    public List<Header> headers() {
        return headers;
    }

    /** The value of the first header line named {@code name} (case-insensitive, compact forms too), or null. */
    public String header(String name) {
        String wanted = canonical(name);
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(wanted)) return h.value();
        }
        return null;
    }

    /** The values of every header line named {@code name}, one per line, in order. */
    public List<String> headers(String name) {
        String wanted = canonical(name);
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(wanted)).map(Header::value).toList();
    }

    /** Every value of {@code name}: each header line split at commas outside quotes and angle brackets. */
    public List<String> values(String name) {
        List<String> out = new ArrayList<>();
        for (String line : headers(name)) out.addAll(splitList(line));
        return out;
    }

    public String callId() {
        return header("Call-ID");
    }

    /** The CSeq sequence number. */
    public long cseqNumber() {
        String cseq = required("CSeq");
        return Long.parseLong(cseq.substring(0, cseq.indexOf(' ')).trim());
    }

    /** The CSeq method. */
    public String cseqMethod() {
        String cseq = required("CSeq");
        return cseq.substring(cseq.indexOf(' ') + 1).trim();
    }

    /** The tag of To, or null. */
    public String toTag() {
        return param(required("To"), "tag");
    }

    /** The tag of From, or null. */
    public String fromTag() {
        return param(required("From"), "tag");
    }

    /** A parameter of the topmost Via (e.g. {@code received}, {@code rport}); "" for a flag, null when absent. */
    public String topViaParam(String name) {
        List<String> vias = values("Via");
        if (vias.isEmpty()) throw new IllegalStateException("no Via in\n" + text());
        return param(vias.get(0), name);
    }

    /** Every Contact value (one per binding), in order. */
    public List<Contact> contacts() {
        return values("Contact").stream().map(Contact::of).toList();
    }

    /** The challenges of a 401, one per WWW-Authenticate line, in order. */
    public List<String> wwwAuthenticates() {
        return headers("WWW-Authenticate");
    }

    /** Min-Expires of a 423, or null. */
    public Integer minExpires() {
        String v = header("Min-Expires");
        return v == null ? null : Integer.valueOf(v.trim());
    }

    public byte[] body() {
        return body.clone();
    }

    /** The message exactly as received. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }

    /**
     * A header parameter of {@code value}: after the {@code >} of a name-addr, else after the
     * first {@code ;}. "" for a parameter without a value, null when absent; quotes are removed.
     */
    public static String param(String value, String name) {
        int close = value.lastIndexOf('>');
        String params = close >= 0 ? value.substring(close + 1) : value.indexOf(';') >= 0 ? value.substring(value.indexOf(';')) : "";
        for (String p : params.split(";")) {
            String t = p.trim();
            if (t.isEmpty()) continue;
            int eq = t.indexOf('=');
            String key = eq < 0 ? t : t.substring(0, eq).trim();
            if (!key.equalsIgnoreCase(name)) continue;
            if (eq < 0) return "";
            String v = t.substring(eq + 1).trim();
            return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
        }
        return null;
    }

    /** Splits a header value at commas outside quoted strings and angle brackets (RFC 3261 §7.3.1). */
    static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        boolean bracketed = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                bracketed = true;
            } else if (!quoted && c == '>') {
                bracketed = false;
            } else if (!quoted && !bracketed && c == ',') {
                out.add(value.substring(start, i).trim());
                start = i + 1;
            }
        }
        String last = value.substring(start).trim();
        if (!last.isEmpty()) out.add(last);
        return out;
    }

    private String required(String name) {
        String v = header(name);
        if (v == null) throw new IllegalStateException("no " + name + " in\n" + text());
        return v;
    }

    private static String canonical(String name) {
        return COMPACT.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }
}
