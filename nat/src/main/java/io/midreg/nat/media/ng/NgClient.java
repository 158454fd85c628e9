package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BDict;
import io.midreg.nat.media.bencode.BencodeDecoder;
import io.midreg.nat.media.bencode.BencodeException;
import io.midreg.sip.transaction.Cancellable;
import io.midreg.sip.transaction.TimerScheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends ng requests to RTPEngine over UDP and matches the replies by cookie. A request that gets
 * no reply within {@link NgClientConfig#timeoutPerTry()} is sent again with the same cookie, at
 * most {@link NgClientConfig#maxTries()} times in all; RTPEngine answers a cookie it has already
 * handled from its reply cache, so a retransmitted offer never allocates twice. Nothing blocks:
 * each request returns a future, completed on the client's event loop (keep dependent stages
 * short) with an {@link NgReply} or failed with an {@link NgException}.
 *
 * <p>One client serves any number of RTPEngine instances: a reply counts only when it comes
 * from the address its request went to.
 */
public final class NgClient implements AutoCloseable {
    private final NgDatagramSender sender;
    private final TimerScheduler timers;
    private final NgClientConfig config;
    private final AutoCloseable transport;
    private final BencodeDecoder decoder;
    private final NgCookies cookies = new NgCookies();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private final LongAdder requests = new LongAdder();
    private final LongAdder retransmissions = new LongAdder();
    private final LongAdder replies = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder errorReplies = new LongAdder();
    private final LongAdder malformedReplies = new LongAdder();
    private final LongAdder strayDatagrams = new LongAdder();

    /**
     * A client over any datagram sender; the caller feeds it what arrives through
     * {@link #receive}. {@code transport} is closed with the client.
     */
    public NgClient(NgDatagramSender sender, TimerScheduler timers, NgClientConfig config, AutoCloseable transport) {
        this.sender = sender;
        this.timers = timers;
        this.config = config;
        this.transport = transport;
        this.decoder = new BencodeDecoder(config.replyLimits());
    }

    /** A client on its own UDP socket and event loop (epoll where available). */
    public static CompletableFuture<NgClient> open(NgClientConfig config) {
        return NettyNgTransport.open(config);
    }

    /** The configuration it runs with. */
    public NgClientConfig config() {
        return config;
    }

    /** Sends {@code command} (a dictionary with {@code command} and its keys) to the RTPEngine at {@code rtpengine}. */
    public CompletableFuture<NgReply> request(InetSocketAddress rtpengine, BDict command) {
        String name = command.string("command").orElse("?");
        Pending p = new Pending(cookies.next(), rtpengine, name, System.nanoTime());
        if (closed) {
            p.future.completeExceptionally(new NgSendException(rtpengine, "the ng client is closed", null));
            return p.future;
        }
        p.datagram = NgFrame.encode(p.cookie, command);
        pending.put(p.cookie, p);
        requests.increment();
        send(p);
        return p.future;
    }

    private void send(Pending p) {
        synchronized (p) {
            if (p.future.isDone()) return;
            p.tries++;
            p.timer = timers.schedule(() -> onTimeout(p), config.timeoutPerTry());
        }
        sender.send(p.address, p.datagram, failure -> fail(p, new NgSendException(p.address, String.valueOf(failure.getMessage()), failure)));
    }

    private void onTimeout(Pending p) {
        if (p.future.isDone() || pending.get(p.cookie) != p) return;
        if (p.tries < config.maxTries()) {
            retransmissions.increment();
            send(p);
            return;
        }
        if (pending.remove(p.cookie, p)) {
            timeouts.increment();
            p.future.completeExceptionally(new NgTimeoutException(p.address, p.command, p.tries, config.timeoutPerTry()));
        }
    }

    /** A datagram that arrived on the client's socket from {@code from}. */
    public void receive(InetSocketAddress from, byte[] datagram) {
        String cookie = NgFrame.cookie(datagram);
        Pending p = cookie == null ? null : pending.get(cookie);
        if (p == null || !p.address.equals(from) || !pending.remove(cookie, p)) {
            strayDatagrams.increment();
            return;
        }
        int tries = p.stop();
        int bodyAt = cookie.length() + 1;
        BDict body;
        try {
            body = decoder.decodeDict(datagram, bodyAt, datagram.length - bodyAt);
        } catch (BencodeException e) {
            malformedReplies.increment();
            p.future.completeExceptionally(new NgMalformedReplyException(from, e.getMessage(), e));
            return;
        }
        String result = body.string("result").orElse(null);
        if (result == null) {
            malformedReplies.increment();
            p.future.completeExceptionally(new NgMalformedReplyException(from, "no 'result' in the reply to '" + p.command + "'", null));
        } else if (!result.equals("ok") && !result.equals("pong")) {
            // "error" with its error-reason; any other result (newer daemons refuse with e.g. "load limit") is a refusal too
            errorReplies.increment();
            p.future.completeExceptionally(new NgErrorException(from, p.command, body.string("error-reason").orElse(result)));
        } else {
            replies.increment();
            p.future.complete(new NgReply(body, tries, Duration.ofNanos(System.nanoTime() - p.startedNanos)));
        }
    }

    private void fail(Pending p, NgException e) {
        if (pending.remove(p.cookie, p)) {
            p.stop();
            p.future.completeExceptionally(e);
        }
    }

    /** Requests waiting for a reply. */
    public int pendingRequests() {
        return pending.size();
    }

    public NgClientStats stats() {
        return new NgClientStats(requests.sum(), retransmissions.sum(), replies.sum(), timeouts.sum(), errorReplies.sum(),
                malformedReplies.sum(), strayDatagrams.sum());
    }

    /** Fails every pending request with {@link NgSendException} and closes the socket. */
    @Override
    public void close() {
        closed = true;
        for (Pending p : pending.values()) fail(p, new NgSendException(p.address, "the ng client closed", null));
        try {
            transport.close();
        } catch (Exception e) {
            // the socket is going away either way; nothing waits on it any more
        }
    }

    /** One request in flight; {@code tries} and {@code timer} change under its lock. */
    private static final class Pending {
        final String cookie;
        final InetSocketAddress address;
        final String command;
        final long startedNanos;
        final CompletableFuture<NgReply> future = new CompletableFuture<>();
        byte[] datagram;
        int tries;
        Cancellable timer;

        Pending(String cookie, InetSocketAddress address, String command, long startedNanos) {
            this.cookie = cookie;
            this.address = address;
            this.command = command;
            this.startedNanos = startedNanos;
        }

        /** Cancels the retransmission timer; returns how many times the request was sent. */
        synchronized int stop() {
            Cancellable.cancel(timer);
            return tries;
        }
    }
}
