package io.midreg.sip.uri;

/** A URI of a scheme the stack does not interpret (tel:, isbn:, http:, ...): scheme and opaque part. */
public record GenericUri(String scheme, String opaque, String raw) implements Uri {
    @Override
    public String toString() {
        return raw;
    }
}
