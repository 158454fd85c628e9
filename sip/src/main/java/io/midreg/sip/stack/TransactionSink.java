package io.midreg.sip.stack;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.sip.transport.Flow;

/** Feeds validated messages into the transaction layer. */
final class TransactionSink implements MessageSink {
    private final TransactionLayer layer;

    TransactionSink(TransactionLayer layer) {
        this.layer = layer;
    }

    @Override
    public void onRequest(SipRequest request, Flow flow) {
        layer.onRequest(request, flow);
    }

    @Override
    public void onResponse(SipResponse response, Flow flow) {
        layer.onResponse(response, flow);
    }
}
