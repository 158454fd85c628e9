package io.midreg.sip.message;

/** Makes untrusted text safe to echo in a reason phrase or a log line. */
public final class Sanitize {
    private static final int MAX = 64;

    private Sanitize() {
    }

    /** Printable ASCII only, at most 64 characters. */
    public static String reason(CharSequence s) {
        if (s == null) return "";
        if (s instanceof String str && isClean(str)) return str;
        int n = Math.min(s.length(), MAX);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (s.length() > MAX) b.append("...");
        return b.toString();
    }

    private static boolean isClean(String s) {
        if (s.length() > MAX) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) return false;
        }
        return true;
    }
}
