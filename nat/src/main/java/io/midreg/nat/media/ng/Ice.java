package io.midreg.nat.media.ng;

/** The ng {@code ICE} key: what RTPEngine does with ICE attributes in the SDP it rewrites. */
public enum Ice {
    /** Strip ICE: what plain SIP phones and PBXs want. */
    REMOVE("remove"),
    /** RTPEngine becomes the only candidate. */
    FORCE("force"),
    /** RTPEngine is added as a relay candidate. */
    FORCE_RELAY("force-relay"),
    /** Force when the offer had ICE, otherwise leave it. */
    DEFAULT("default");

    private final String value;

    Ice(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
