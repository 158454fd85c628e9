package io.midreg.sip.transaction;

import io.midreg.sip.message.SipResponse;
import java.util.ArrayList;
import java.util.List;

/** Collects what a client transaction hands up. */
final class RecordingListener implements ClientTransactionListener {
    final List<SipResponse> responses = new ArrayList<>();
    final List<SipResponse> later2xx = new ArrayList<>();
    int timeouts;
    int cancelledWithoutAnswer;
    final List<Throwable> transportErrors = new ArrayList<>();

    @Override
    public synchronized void onResponse(ClientTransaction transaction, SipResponse response) {
        responses.add(response);
    }

    @Override
    public synchronized void onLater2xx(ClientTransaction transaction, SipResponse response) {
        later2xx.add(response);
    }

    @Override
    public synchronized void onCancelledWithoutAnswer(ClientTransaction transaction) {
        cancelledWithoutAnswer++;
    }

    @Override
    public synchronized void onTimeout(ClientTransaction transaction) {
        timeouts++;
    }

    @Override
    public synchronized void onTransportError(ClientTransaction transaction, Throwable cause) {
        transportErrors.add(cause);
    }

    synchronized List<Integer> statuses() {
        return responses.stream().map(SipResponse::status).toList();
    }
}
