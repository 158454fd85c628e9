package io.midreg.sip.uri;

/** A URI as found in a SIP message: a {@link SipUri} (sip:, sips:) or any other scheme kept opaque. */
public sealed interface Uri permits SipUri, GenericUri {
    /** Scheme in lower case. */
    String scheme();

    /** The URI exactly as written. */
    @Override
    String toString();

    static Uri parse(String text) {
        return UriParser.parse(text);
    }
}
