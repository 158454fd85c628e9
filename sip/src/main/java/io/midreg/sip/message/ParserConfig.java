package io.midreg.sip.message;

/**
 * Limits the parser enforces on untrusted input.
 *
 * @param maxMessageSize largest message accepted, in octets; offsets are kept in 16 bits, so at most 65535
 * @param maxHeaders     most header fields (lines, after unfolding) in one message
 */
public record ParserConfig(int maxMessageSize, int maxHeaders) {
    public static final int ABSOLUTE_MAX_MESSAGE_SIZE = 65535;

    public ParserConfig {
        if (maxMessageSize < 256 || maxMessageSize > ABSOLUTE_MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("maxMessageSize must be within 256.." + ABSOLUTE_MAX_MESSAGE_SIZE + ": " + maxMessageSize);
        }
        if (maxHeaders < 8 || maxHeaders > 1024) {
            throw new IllegalArgumentException("maxHeaders must be within 8..1024: " + maxHeaders);
        }
    }

    public static ParserConfig defaults() {
        return new ParserConfig(ABSOLUTE_MAX_MESSAGE_SIZE, 256);
    }
}
