package io.midreg.sip.stack;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.sip.transport.Flow;

/** Feeds validated messages into the transaction layer, and flow events to it (a closed connection ends the transactions pinned to it) and to their subscribers. */
final class TransactionSink implements MessageSink {
    private final TransactionLayer layer;
    private final FlowEvents events;

    TransactionSink(TransactionLayer layer, FlowEvents events) {
        this.layer = layer;
        this.events = events;
    }

    @Override
    public void onRequest(SipRequest request, Flow flow) {
        layer.onRequest(request, flow);
    }

    @Override
    public void onResponse(SipResponse response, Flow flow) {
        layer.onResponse(response, flow);
    }

    @Override
    public void onFlowClosed(Flow flow) {
        layer.onFlowClosed(flow); // the transactions first: a subscriber may look at what ended
        events.flowClosed(flow);
    }

    @Override
    public void onKeepAlive(Flow flow) {
        events.keepAlive(flow);
    }
}
