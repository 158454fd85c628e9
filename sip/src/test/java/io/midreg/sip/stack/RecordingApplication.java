package io.midreg.sip.stack;

import io.midreg.sip.header.Via;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.syntax.SipMethods;
import io.midreg.sip.transaction.ReceivedParameters;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.SipTransport;
import io.netty.buffer.Unpooled;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A test application behind the stack: records what reaches it and answers every request but
 * ACK with 200 (REGISTER with its Contacts), so the sender sees that the request got through.
 */
final class RecordingApplication implements MessageSink {
    final BlockingQueue<SipRequest> requests = new LinkedBlockingQueue<>();
    final BlockingQueue<SipResponse> responses = new LinkedBlockingQueue<>();
    volatile SipTransport transport;

    @Override
    public void onRequest(SipRequest request, Flow flow) {
        requests.add(request);
        if (SipMethods.ACK.equals(request.method())) return;
        Via top = ReceivedParameters.apply(request.topVia(), flow);
        ResponseBuilder b = ResponseBuilder.of(request, 200, "OK").toTag("app").topVia(top);
        if (SipMethods.REGISTER.equals(request.method())) {
            for (String c : request.headerLines(HeaderName.CONTACT)) b.header(HeaderName.CONTACT, c);
        }
        transport.send(flow, Unpooled.wrappedBuffer(b.toBytes()));
    }

    @Override
    public void onResponse(SipResponse response, Flow flow) {
        responses.add(response);
    }
}
