package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BDict;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The ng commands a proxy needs, typed, against one RTPEngine instance: {@code ping} for health,
 * {@code offer}/{@code answer} to rewrite SDP, {@code delete} at a call's end, {@code query} for
 * its counters. Each returns a future that fails with an {@link NgException}.
 */
public final class RtpengineControl {
    private static final BDict PING = BDict.builder().put("command", "ping").build();

    private final NgClient client;
    private final InetSocketAddress address;

    public RtpengineControl(NgClient client, InetSocketAddress address) {
        this.client = client;
        this.address = address;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Completes when RTPEngine answers {@code pong}. */
    public CompletableFuture<NgReply> ping() {
        return client.request(address, PING).thenCompose(reply -> reply.result().equals("pong") ? CompletableFuture.completedFuture(reply)
                : CompletableFuture.failedFuture(new NgMalformedReplyException(address, "ping answered '" + reply.result() + "', not pong", null)));
    }

    public CompletableFuture<SdpResult> offer(OfferRequest request) {
        return client.request(address, request.toDict()).thenCompose(this::sdp);
    }

    public CompletableFuture<SdpResult> answer(AnswerRequest request) {
        return client.request(address, request.toDict()).thenCompose(this::sdp);
    }

    /** Deleting a call RTPEngine does not know is no error unless the {@code fatal} flag asks: the reply carries a warning. */
    public CompletableFuture<NgReply> delete(DeleteRequest request) {
        return client.request(address, request.toDict());
    }

    public CompletableFuture<QueryResult> query(QueryRequest request) {
        return client.request(address, request.toDict()).thenApply(QueryResult::of);
    }

    private CompletableFuture<SdpResult> sdp(NgReply reply) {
        return reply.body().bytes("sdp").map(sdp -> CompletableFuture.completedFuture(new SdpResult(sdp, reply)))
                .orElseGet(() -> CompletableFuture.failedFuture(new NgMalformedReplyException(address, "no 'sdp' in the reply", null)));
    }
}
