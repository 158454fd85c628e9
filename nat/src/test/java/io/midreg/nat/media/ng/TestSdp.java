package io.midreg.nat.media.ng;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real SDP bodies for the tests, and the two lines of one the tests check (c= and the audio m=). */
final class TestSdp {
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+)$");
    private static final Pattern AUDIO_PORT = Pattern.compile("(?m)^m=audio (\\d+) ");
    private static final Pattern ORIGIN = Pattern.compile("(?m)^o=\\S+ \\S+ \\S+ IN IP4 (\\S+)$");

    private TestSdp() {
    }

    /** A phone's offer: G.711 both laws and DTMF, from a private address. */
    static byte[] offer(String address, int port) {
        return ("v=0\r\n"
                + "o=alice 2890844526 2890844526 IN IP4 " + address + "\r\n"
                + "s=-\r\n"
                + "c=IN IP4 " + address + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0 8 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\n"
                + "a=sendrecv\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The answering side's SDP, choosing PCMU. */
    static byte[] answer(String address, int port) {
        return ("v=0\r\n"
                + "o=bob 2808844564 2808844564 IN IP4 " + address + "\r\n"
                + "s=-\r\n"
                + "c=IN IP4 " + address + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=sendrecv\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static String connectionAddress(byte[] sdp) {
        return group(CONNECTION, sdp);
    }

    static int audioPort(byte[] sdp) {
        return Integer.parseInt(group(AUDIO_PORT, sdp));
    }

    static String originAddress(byte[] sdp) {
        return group(ORIGIN, sdp);
    }

    private static String group(Pattern p, byte[] sdp) {
        String text = new String(sdp, StandardCharsets.US_ASCII);
        Matcher m = p.matcher(text);
        if (!m.find()) throw new AssertionError(p + " not in the SDP:\n" + text);
        return m.group(1);
    }
}
