package io.midreg.nat.media;

import io.midreg.nat.media.bencode.BDict;
import io.midreg.nat.media.bencode.BencodeDecoder;
import io.midreg.nat.media.bencode.BencodeEncoder;
import io.midreg.nat.media.bencode.BencodeException;
import io.midreg.nat.media.ng.NgClient;
import io.midreg.nat.media.ng.NgClientConfig;
import io.midreg.sip.transaction.TimerScheduler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * RTPEngines simulated in memory for unit tests of the set: each answers ng requests at once
 * (pong; an SDP naming the instance for offer and answer; ok for the rest; an error for a Call-ID
 * starting with "refused") while it is alive and
 * says nothing when not, as a stopped daemon. Records what each was sent.
 */
final class FakeRtpengines {
    record Request(InetSocketAddress to, String cookie, String command, String callId) {
    }

    private final Set<InetSocketAddress> alive = new HashSet<>();
    private final List<Request> requests = new ArrayList<>();
    private final NgClient client;

    FakeRtpengines(TimerScheduler timers, Duration timeoutPerTry, int tries) {
        this.client = new NgClient(this::deliver, timers, NgClientConfig.DEFAULT.withRetransmission(timeoutPerTry, tries), () -> { });
    }

    NgClient client() {
        return client;
    }

    void start(InetSocketAddress engine) {
        alive.add(engine);
    }

    void stop(InetSocketAddress engine) {
        alive.remove(engine);
    }

    /** Every datagram sent to {@code engine} with {@code command} (retransmissions included). */
    List<Request> sent(InetSocketAddress engine, String command) {
        return requests.stream().filter(r -> r.to().equals(engine) && r.command().equals(command)).toList();
    }

    /** Distinct requests (cookies) sent to {@code engine} with {@code command}. */
    long distinct(InetSocketAddress engine, String command) {
        return sent(engine, command).stream().map(Request::cookie).distinct().count();
    }

    private void deliver(InetSocketAddress to, byte[] datagram, java.util.function.Consumer<Throwable> onFailure) {
        String text = new String(datagram, StandardCharsets.ISO_8859_1);
        int space = text.indexOf(' ');
        String cookie = text.substring(0, space);
        BDict request;
        try {
            request = new BencodeDecoder().decodeDict(datagram, space + 1, datagram.length - space - 1);
        } catch (BencodeException e) {
            throw new AssertionError("the client sent broken bencode", e);
        }
        String command = request.string("command").orElseThrow();
        requests.add(new Request(to, cookie, command, request.string("call-id").orElse("")));
        if (!alive.contains(to)) return;
        BDict.Builder reply = BDict.builder().put("result", command.equals("ping") ? "pong" : "ok");
        if (request.string("call-id").orElse("").startsWith("refused")) {
            reply.put("result", "error").put("error-reason", "Failed to parse SDP");
        } else if (command.equals("offer") || command.equals("answer")) {
            reply.put("sdp", "engine " + to.getPort());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((cookie + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(BencodeEncoder.encode(reply.build()));
        client.receive(to, out.toByteArray());
    }
}
