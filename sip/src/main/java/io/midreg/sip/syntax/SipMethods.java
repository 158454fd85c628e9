package io.midreg.sip.syntax;

/** Method names; known ones resolve to shared constants so comparing and keeping them is free. */
public final class SipMethods {
    public static final String INVITE = "INVITE";
    public static final String ACK = "ACK";
    public static final String BYE = "BYE";
    public static final String CANCEL = "CANCEL";
    public static final String REGISTER = "REGISTER";
    public static final String OPTIONS = "OPTIONS";
    public static final String INFO = "INFO";
    public static final String UPDATE = "UPDATE";
    public static final String PRACK = "PRACK";
    public static final String SUBSCRIBE = "SUBSCRIBE";
    public static final String NOTIFY = "NOTIFY";
    public static final String REFER = "REFER";
    public static final String MESSAGE = "MESSAGE";
    public static final String PUBLISH = "PUBLISH";

    private static final String[] KNOWN = {
        INVITE, ACK, BYE, CANCEL, REGISTER, OPTIONS, INFO, UPDATE, PRACK, SUBSCRIBE, NOTIFY, REFER, MESSAGE, PUBLISH
    };

    private SipMethods() {
    }

    /** The method in {@code d[start, end)}: a shared constant when known (methods are case-sensitive). */
    public static String of(byte[] d, int start, int end) {
        int len = end - start;
        for (String m : KNOWN) {
            if (m.length() == len && m.charAt(0) == d[start] && Ascii.equalsExact(d, start, end, m)) return m;
        }
        return Ascii.latin1(d, start, end);
    }

    public static boolean isKnown(String method) {
        for (String m : KNOWN) {
            if (m.equals(method)) return true;
        }
        return false;
    }
}
