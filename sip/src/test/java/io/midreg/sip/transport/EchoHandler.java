package io.midreg.sip.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test {@link InboundHandler}: records everything and answers each request on the flow it came in
 * on with a 200 carrying the request's CSeq and length; answers a framing error with a 400.
 */
final class EchoHandler implements InboundHandler {
    private static final Pattern CSEQ = Pattern.compile("(?m)^CSeq: *([^\r\n]*)");

    record Received(String text, Flow flow) {
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final BlockingQueue<Flow> closedFlows = new LinkedBlockingQueue<>();
    final BlockingQueue<Flow> keepAlives = new LinkedBlockingQueue<>();
    final BlockingQueue<String> framingErrors = new LinkedBlockingQueue<>();
    volatile SipTransport transport;

    static String response(String status, String cseq, int receivedLength) {
        return "SIP/2.0 " + status + "\r\n"
                + "CSeq: " + cseq + "\r\n"
                + "X-Received-Length: " + receivedLength + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void onMessage(ByteBuf message, Flow flow) {
        String text;
        try {
            text = message.toString(StandardCharsets.ISO_8859_1);
        } finally {
            message.release();
        }
        received.add(new Received(text, flow));
        if (!text.startsWith("SIP/2.0 ")) {
            Matcher cseq = CSEQ.matcher(text);
            transport.send(flow, bytes(response("200 OK", cseq.find() ? cseq.group(1) : "?", text.length())));
        }
    }

    @Override
    public void onFramingError(Flow flow, String reason) {
        framingErrors.add(reason);
        transport.send(flow, bytes(response("400 Bad Request", "0 NONE", 0)));
    }

    @Override
    public void onFlowClosed(Flow flow) {
        closedFlows.add(flow);
    }

    @Override
    public void onKeepAlive(Flow flow) {
        keepAlives.add(flow);
    }
}
