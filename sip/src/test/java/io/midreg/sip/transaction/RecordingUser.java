package io.midreg.sip.transaction;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A {@link ServerTransactionUser} that records and optionally answers at once. */
final class RecordingUser implements ServerTransactionUser {
    final List<ServerTransaction> requests = new ArrayList<>();
    final List<ServerTransaction[]> cancels = new ArrayList<>();
    final List<SipRequest> strayAcks = new ArrayList<>();
    final List<ServerTransaction> timeouts = new ArrayList<>();
    private Consumer<ServerTransaction> answer = tx -> { };
    private boolean defaultCancel = true;

    RecordingUser answering(Consumer<ServerTransaction> a) {
        this.answer = a;
        return this;
    }

    RecordingUser recordCancelsOnly() {
        this.defaultCancel = false;
        return this;
    }

    @Override
    public synchronized void onNewRequest(ServerTransaction transaction) {
        requests.add(transaction);
        answer.accept(transaction);
    }

    @Override
    public synchronized void onCancel(ServerTransaction cancel, ServerTransaction invite) {
        cancels.add(new ServerTransaction[] {cancel, invite});
        if (defaultCancel) ServerTransactionUser.super.onCancel(cancel, invite);
    }

    @Override
    public synchronized void onStrayAck(SipRequest ack, Flow flow) {
        strayAcks.add(ack);
    }

    @Override
    public synchronized void onTimeout(ServerTransaction transaction) {
        timeouts.add(transaction);
    }
}
