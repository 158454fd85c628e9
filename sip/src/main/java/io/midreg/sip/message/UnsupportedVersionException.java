package io.midreg.sip.message;

/** The start line names a SIP version other than 2.0 (answered 505). */
public final class UnsupportedVersionException extends SipParseException {
    private static final long serialVersionUID = 1L;

    public UnsupportedVersionException(String version) {
        super(505, "Version Not Supported (" + Sanitize.reason(version) + ")");
    }
}
