package io.midreg.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A one-shot SIP OPTIONS over UDP: does a SIP server on this address answer 200? */
public final class SipProbe {
    private static final int TIMEOUT_MILLIS = 500;

    private SipProbe() {
    }

    /** Sends one OPTIONS to {@code target} and waits up to half a second for a 200 to it. */
    public static boolean answersOptions(InetSocketAddress target) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            String callId = UUID.randomUUID() + "@probe";
            int port = socket.getLocalPort();
            String request = "OPTIONS sip:" + target.getHostString() + ":" + target.getPort() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK" + UUID.randomUUID().toString().replace("-", "") + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:probe@127.0.0.1>;tag=probe\r\n"
                    + "To: <sip:probe@" + target.getHostString() + ">\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, target));
            byte[] buffer = new byte[4096];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            socket.receive(answer);
            String text = new String(buffer, 0, answer.getLength(), StandardCharsets.US_ASCII);
            return text.startsWith("SIP/2.0 200") && text.contains(callId);
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
