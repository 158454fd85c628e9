package io.midreg.sip.header;

import io.midreg.sip.syntax.Ascii;
import io.midreg.sip.syntax.Parameters;
import io.midreg.sip.uri.SipUri;
import io.midreg.sip.uri.Uri;
import java.util.List;

/**
 * A name-addr or addr-spec with header parameters: the value of From, To, Contact, Route,
 * Record-Route, Path, Service-Route and P-Associated-URI (RFC 3261 §20). In the addr-spec form
 * everything after the first ';' is a header parameter, never a URI parameter (RFC 4475 §3.3.12).
 */
public final class NameAddress {
    private final String displayName;
    private final Uri uri;
    private final Parameters params;
    private final boolean bracketed;

    public NameAddress(String displayName, Uri uri, Parameters params, boolean bracketed) {
        this.displayName = displayName;
        this.uri = uri;
        this.params = params;
        this.bracketed = bracketed || displayName != null || uriNeedsBrackets(uri);
    }

    public static NameAddress of(Uri uri) {
        return new NameAddress(null, uri, Parameters.EMPTY, true);
    }

    public static NameAddress parse(String header, String value) {
        byte[] b = Ascii.bytes(value);
        return NameAddressParser.parse(b, 0, b.length, header);
    }

    public static List<NameAddress> parseList(String header, String value) {
        byte[] b = Ascii.bytes(value);
        List<NameAddress> out = new java.util.ArrayList<>(2);
        NameAddressParser.parseList(b, 0, b.length, header, out);
        return out;
    }

    /** Display name without quotes, or null. */
    public String displayName() { return displayName; }

    public Uri uri() { return uri; }

    /** The URI as a {@link SipUri}, or null for other schemes. */
    public SipUri sipUri() { return uri instanceof SipUri s ? s : null; }

    public Parameters params() { return params; }

    public String param(String name) { return params.get(name); }

    public String tag() { return params.get("tag"); }

    public boolean bracketed() { return bracketed; }

    public NameAddress withParam(String name, String value) {
        return new NameAddress(displayName, uri, params.with(name, value), bracketed);
    }

    public NameAddress withoutParam(String name) {
        return new NameAddress(displayName, uri, params.without(name), bracketed);
    }

    public NameAddress withUri(Uri newUri) {
        return new NameAddress(displayName, newUri, params, bracketed);
    }

    private static boolean uriNeedsBrackets(Uri uri) {
        String s = uri.toString();
        return s.indexOf(';') >= 0 || s.indexOf('?') >= 0 || s.indexOf(',') >= 0;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(80);
        if (displayName != null) {
            b.append('"');
            for (int i = 0; i < displayName.length(); i++) {
                char c = displayName.charAt(i);
                if (c == '"' || c == '\\') b.append('\\');
                b.append(c);
            }
            b.append("\" ");
        }
        if (bracketed) b.append('<').append(uri).append('>');
        else b.append(uri);
        return params.appendTo(b).toString();
    }
}
