package io.midreg.admin;

/** Finds a header in SIP message text without a full parse (the tracer only needs To, From and Call-ID). */
final class SipHeaderScan {
    private SipHeaderScan() {
    }

    /** The URI of the To header (long or compact form), or null. */
    static String toUri(String message) {
        return uriOf(header(message, "to", "t"));
    }

    /** The URI of the From header (long or compact form), or null. */
    static String fromUri(String message) {
        return uriOf(header(message, "from", "f"));
    }

    private static String uriOf(String v) {
        if (v == null) return null;
        int lt = v.indexOf('<');
        if (lt >= 0) {
            int gt = v.indexOf('>', lt);
            return gt > lt ? v.substring(lt + 1, gt) : null;
        }
        int semi = v.indexOf(';');
        return (semi >= 0 ? v.substring(0, semi) : v).strip();
    }

    static String callId(String message) {
        return header(message, "call-id", "i");
    }

    /** The value of the first header named {@code name} or {@code compact}, up to the blank line; null when absent. */
    static String header(String message, String name, String compact) {
        int start = message.indexOf('\n') + 1;
        while (start > 0 && start < message.length()) {
            int end = message.indexOf('\n', start);
            if (end < 0) end = message.length();
            String line = message.substring(start, end).strip();
            if (line.isEmpty()) return null;
            int colon = line.indexOf(':');
            if (colon > 0) {
                String n = line.substring(0, colon).strip();
                if (n.equalsIgnoreCase(name) || n.equalsIgnoreCase(compact)) return line.substring(colon + 1).strip();
            }
            start = end + 1;
        }
        return null;
    }
}
