package io.midreg.sip.transport;

import io.netty.buffer.ByteBuf;

/**
 * Finds the Content-Length of a SIP header block without parsing anything else: the stream
 * framer needs this one header only, and the full parser runs later on the framed message.
 * Accepts the long form and the compact form {@code l}, in any case, with white space around the
 * colon and folded continuation lines (RFC 3261 §7.3.1).
 */
final class ContentLengthScanner {
    /** Returned when the header block has no Content-Length. */
    static final long ABSENT = -1;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte HTAB = '\t';
    private static final byte[] LONG_NAME = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ContentLengthScanner() {
    }

    /**
     * Scans the header block {@code [from, to)} of {@code buf}: the start line and the header lines,
     * each ending in LF, without the empty line that closes the block. Does not move any index.
     *
     * @return the declared body length, or {@link #ABSENT}
     * @throws SipFramingException for a negative, non-numeric or overflowing value, or for two
     *     Content-Length headers that disagree
     */
    static long scan(ByteBuf buf, int from, int to) {
        int lineStart = nextLine(buf, from, to); // the start line never holds a header
        long found = ABSENT;
        while (lineStart < to) {
            int headerEnd = nextLine(buf, lineStart, to);
            // Folded header: continuation lines start with white space (RFC 3261 §7.3.1).
            while (headerEnd < to && isWhitespace(buf.getByte(headerEnd))) {
                headerEnd = nextLine(buf, headerEnd, to);
            }
            int valueStart = contentLengthValueStart(buf, lineStart, headerEnd);
            if (valueStart >= 0) {
                long value = parseValue(buf, valueStart, headerEnd);
                if (found != ABSENT && found != value) {
                    throw new SipFramingException(FramingErrorReason.CONFLICTING_CONTENT_LENGTH,
                            found + " and " + value);
                }
                found = value;
            }
            lineStart = headerEnd;
        }
        return found;
    }

    /** Index just past the LF ending the line that starts at {@code from}, or {@code to}. */
    private static int nextLine(ByteBuf buf, int from, int to) {
        int lf = buf.indexOf(from, to, LF);
        return lf < 0 ? to : lf + 1;
    }

    /** If the header at {@code lineStart} is Content-Length, the index after its colon; else -1. */
    private static int contentLengthValueStart(ByteBuf buf, int lineStart, int headerEnd) {
        int i = lineStart;
        while (i < headerEnd) {
            byte b = buf.getByte(i);
            if (b == ':' || b == SP || b == HTAB || b == CR || b == LF) {
                break;
            }
            i++;
        }
        int nameLength = i - lineStart;
        if (!isContentLengthName(buf, lineStart, nameLength)) {
            return -1;
        }
        while (i < headerEnd && isInlineWhitespace(buf.getByte(i))) {
            i++;
        }
        return i < headerEnd && buf.getByte(i) == ':' ? i + 1 : -1;
    }

    private static boolean isContentLengthName(ByteBuf buf, int start, int length) {
        if (length == 1) {
            return toLower(buf.getByte(start)) == 'l';
        }
        if (length != LONG_NAME.length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (toLower(buf.getByte(start + k)) != LONG_NAME[k]) {
                return false;
            }
        }
        return true;
    }

    /** Parses {@code LWS 1*DIGIT LWS}; anything else is an invalid value. Never overflows. */
    private static long parseValue(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to && isWhitespace(buf.getByte(i))) {
            i++;
        }
        int digitsStart = i;
        long value = 0;
        while (i < to) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
            if (value > Integer.MAX_VALUE) {
                throw new SipFramingException(FramingErrorReason.INVALID_CONTENT_LENGTH, "value overflows");
            }
            i++;
        }
        boolean hasDigits = i > digitsStart;
        while (i < to && isWhitespace(buf.getByte(i))) {
            i++;
        }
        if (!hasDigits || i != to) {
            throw new SipFramingException(FramingErrorReason.INVALID_CONTENT_LENGTH,
                    "not a non-negative integer: '" + printable(buf, from, to) + "'");
        }
        return value;
    }

    private static String printable(ByteBuf buf, int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to && text.length() < 40; i++) {
            byte b = buf.getByte(i);
            if (b >= 0x21 && b < 0x7f) {
                text.append((char) b);
            } else if (b == SP || b == HTAB) {
                text.append(' ');
            }
        }
        return text.toString().trim();
    }

    private static boolean isInlineWhitespace(byte b) {
        return b == SP || b == HTAB;
    }

    private static boolean isWhitespace(byte b) {
        return b == SP || b == HTAB || b == CR || b == LF;
    }

    private static byte toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
}
