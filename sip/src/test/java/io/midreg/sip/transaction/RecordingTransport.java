package io.midreg.sip.transaction;

import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.VirtualClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** In-memory {@link TransactionTransport}: records what is sent and when (virtual time). */
final class RecordingTransport implements TransactionTransport {
    /** One message handed to the transport. */
    record Sent(Duration at, byte[] bytes, Flow flow, TransportProtocol protocol, InetSocketAddress destination) {
        SipMessage parsed() {
            try {
                return new SipMessageParser().parse(bytes.clone(), bytes.length);
            } catch (Exception e) {
                throw new AssertionError("sent message does not parse", e);
            }
        }

        double seconds() {
            return at.toNanos() / 1e9;
        }
    }

    private final VirtualClock clock;
    private final List<Sent> requests = new ArrayList<>();
    private final List<Sent> responses = new ArrayList<>();
    private RuntimeException failWith;

    RecordingTransport(VirtualClock clock) {
        this.clock = clock;
    }

    void failRequests(RuntimeException e) {
        failWith = e;
    }

    @Override
    public synchronized void sendResponse(Flow flow, byte[] response) {
        responses.add(new Sent(clock.now(), response, flow, flow.protocol(), flow.remote()));
    }

    @Override
    public synchronized CompletableFuture<Flow> sendRequest(byte[] request, Flow flowOrNull, TransportProtocol protocol,
                                                            InetSocketAddress destination) {
        if (failWith != null) return CompletableFuture.failedFuture(failWith);
        Flow used = flowOrNull != null ? flowOrNull
                : new Flow(protocol, TxFixtures.LOCAL, destination, protocol.reliable() ? 7 : 0);
        requests.add(new Sent(clock.now(), request, used, protocol, destination));
        return CompletableFuture.completedFuture(used);
    }

    synchronized List<Sent> requests() {
        return List.copyOf(requests);
    }

    synchronized List<Sent> responses() {
        return List.copyOf(responses);
    }

    synchronized List<Double> requestTimes() {
        return requests.stream().map(Sent::seconds).toList();
    }

    synchronized List<Double> responseTimes() {
        return responses.stream().map(Sent::seconds).toList();
    }
}
