package io.midreg.demo;

import io.midreg.sip.auth.DigestChallenge;
import io.midreg.sip.auth.DigestClient;
import io.midreg.sip.auth.DigestSecret;
import io.midreg.sip.auth.DigestSession;
import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few hundred SIP phones on plain UDP sockets, all driven by one thread (a selector and a timer
 * queue): each registers, answers the 401 with digest credentials, then refreshes on its own
 * jittered schedule with the same Call-ID and a higher CSeq, as a phone behind a NAT does.
 * Requests are retransmitted like an RFC 3261 non-INVITE client transaction (T1 = 500 ms,
 * doubling), and given up after a few tries.
 */
public final class SimulatedDevices implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatedDevices.class);
    private static final long T1_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long T2_NANOS = TimeUnit.SECONDS.toNanos(4);
    /** Sends of one request before it is given up (the first plus retransmissions: about 7.5 s). */
    private static final int MAX_SENDS = 5;

    private final DeviceSettings settings;
    private final List<Device> devices = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final DigestClient digest = new DigestClient(new SecureRandom());
    private final SipMessageParser parser = new SipMessageParser();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(65536);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retransmissions = new AtomicLong();
    private final AtomicLong challenged = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong registeredDevices = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private Selector selector;
    private Thread thread;
    private volatile boolean running;
    private boolean closed;

    public SimulatedDevices(DeviceSettings settings) {
        this.settings = settings;
    }

    /** Opens one socket per device and starts the thread that drives them. */
    public void start() throws IOException {
        selector = Selector.open();
        try {
            long now = System.nanoTime();
            long ramp = settings.rampUp().toNanos();
            for (int i = 0; i < settings.count(); i++) {
                DatagramChannel ch = DatagramChannel.open();
                devices.add(null); // placeholder so a failed open below still closes what was opened
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
                ch.bind(new InetSocketAddress(settings.server().getAddress(), 0));
                ch.configureBlocking(false);
                Device d = new Device(i, ch);
                devices.set(i, d);
                ch.register(selector, SelectionKey.OP_READ, d);
                d.schedule(now + (settings.count() == 1 ? 0 : ramp * i / settings.count()));
            }
        } catch (IOException e) {
            close();
            throw new IOException("cannot open " + settings.count() + " device sockets: " + e.getMessage(), e);
        }
        running = true;
        thread = new Thread(this::run, "demo-devices");
        thread.setDaemon(true);
        thread.start();
    }

    /** What the devices did so far (safe from any thread). */
    public Counts counts() {
        return new Counts(settings.count(), registeredDevices.get(), sent.get(), retransmissions.get(), challenged.get(), accepted.get(),
                failed.get(), lastError.get());
    }

    /**
     * @param devices         simulated devices
     * @param registered      devices whose last REGISTER was accepted
     * @param sent            REGISTERs sent (retransmissions excluded)
     * @param retransmissions REGISTERs sent again for want of an answer
     * @param challenged      401/407 answers received
     * @param accepted        200 answers received
     * @param failed          REGISTERs that ended in an error answer or no answer
     * @param lastError       the last failure, or null
     */
    public record Counts(int devices, long registered, long sent, long retransmissions, long challenged, long accepted, long failed,
                         String lastError) {
    }

    private void run() {
        try {
            while (running) {
                long now = System.nanoTime();
                runDueTimers(now);
                Timer next = timers.peek();
                long waitMillis = next == null ? 100 : Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(next.at - now)));
                selector.select(waitMillis);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (k.isValid() && k.isReadable()) drain((Device) k.attachment());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                log.warn("simulated devices stopped: {}", e.toString());
                lastError.set("devices stopped: " + e);
            }
        }
    }

    private void runDueTimers(long now) {
        // Bounded: at most one pass over what is due now; timers set while running fire next round.
        int n = timers.size();
        while (n-- > 0 && !timers.isEmpty() && timers.peek().at <= now) {
            Timer t = timers.poll();
            if (t.generation == t.device.generation) t.device.onTimer(now);
        }
    }

    private void drain(Device d) {
        for (int i = 0; i < 64; i++) { // bounded per wake-up; the selector comes back for the rest
            receiveBuffer.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) d.channel.receive(receiveBuffer);
            } catch (IOException e) {
                return; // e.g. ICMP port unreachable surfaced on the socket: the retransmission timer handles it
            }
            if (from == null) return;
            receiveBuffer.flip();
            byte[] bytes = new byte[receiveBuffer.remaining()];
            receiveBuffer.get(bytes);
            SipMessage m;
            try {
                m = parser.parse(bytes, bytes.length);
            } catch (Exception e) {
                continue; // not SIP, or broken: a phone ignores it
            }
            if (m instanceof SipResponse r) d.onResponse(r, System.nanoTime());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        running = false;
        if (selector != null) selector.wakeup();
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Device d : devices) {
            if (d == null) continue;
            try {
                d.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** A timer entry; stale when the device has been rescheduled since (generation moved on). */
    private record Timer(long at, Device device, long generation) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            return Long.compare(at, o.at);
        }
    }

    /** One phone: its socket, its registration dialog (Call-ID, CSeq), and the request in flight. Touched by the device thread only. */
    private final class Device {
        final int index;
        final DatagramChannel channel;
        final String user;
        final String callId;
        final String fromTag;
        final String contact;
        /** host:port of the device's socket, for its Via. */
        final String hostPort;
        long cseq;
        long expires = settings.expires();
        long generation;
        boolean registered;
        /** The request in flight, or null between transactions. */
        byte[] pending;
        long pendingCseq;
        boolean pendingHasCredentials;
        int sends;
        long branchSeq;

        Device(int index, DatagramChannel channel) throws IOException {
            this.index = index;
            this.channel = channel;
            this.user = settings.user().apply(index);
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            String host = local.getAddress().getHostAddress();
            this.hostPort = host + ":" + local.getPort();
            this.contact = "<sip:" + user + "@" + hostPort + ">";
            this.callId = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-" + index + "@" + host;
            this.fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
            this.cseq = 1;
        }

        void schedule(long at) {
            generation++;
            timers.add(new Timer(at, this, generation));
        }

        void onTimer(long now) {
            if (pending == null) {
                send(now, null);
            } else if (sends < MAX_SENDS) {
                retransmissions.incrementAndGet();
                transmit(pending);
                sends++;
                schedule(now + Math.min(T2_NANOS, T1_NANOS << (sends - 1)));
            } else {
                fail("no answer to REGISTER (" + MAX_SENDS + " sends)", now);
            }
        }

        void onResponse(SipResponse r, long now) {
            if (pending == null || !callId.equals(r.callId()) || r.cseq().number() != pendingCseq || r.status() < 200) return;
            int status = r.status();
            if (status >= 200 && status < 300) {
                pending = null;
                accepted.incrementAndGet();
                if (!registered) registered = markRegistered(true);
                schedule(now + nextPause());
            } else if ((status == 401 || status == 407) && !pendingHasCredentials) {
                challenged.incrementAndGet();
                String header = status == 401 ? first(r.wwwAuthenticates()) : first(r.proxyAuthenticates());
                String authorization = answer(header);
                if (authorization == null) {
                    fail(status + " with a challenge the device cannot answer", now);
                } else {
                    send(now, (status == 401 ? "Authorization: " : "Proxy-Authorization: ") + authorization);
                }
            } else if (status == 423 && r.minExpires() > 0 && r.minExpires() != expires) {
                expires = r.minExpires(); // RFC 3261 §10.2.8: retry with the registrar's minimum
                send(now, null);
            } else {
                fail(status + " " + r.reason(), now);
            }
        }

        private boolean markRegistered(boolean on) {
            if (on) registeredDevices.incrementAndGet();
            else registeredDevices.decrementAndGet();
            return on;
        }

        private void fail(String why, long now) {
            pending = null;
            failed.incrementAndGet();
            lastError.set(user + ": " + why);
            if (registered) registered = markRegistered(false);
            schedule(now + nextPause());
        }

        private long nextPause() {
            long min = settings.refreshMin().toNanos();
            long max = settings.refreshMax().toNanos();
            return max == min ? min : ThreadLocalRandom.current().nextLong(min, max + 1);
        }

        private String answer(String challengeHeader) {
            if (challengeHeader == null) return null;
            try {
                DigestChallenge c = DigestChallenge.parse(challengeHeader);
                return digest.answer(DigestSession.start(c).nextRequest(), new DigestSecret.Password(user, settings.password().apply(index)),
                        "REGISTER", requestUri(), null).toHeaderValue();
            } catch (Exception e) {
                return null;
            }
        }

        private void send(long now, String authorizationLine) {
            pendingCseq = cseq++;
            pendingHasCredentials = authorizationLine != null;
            pending = request(pendingCseq, authorizationLine).getBytes(StandardCharsets.US_ASCII);
            sends = 1;
            sent.incrementAndGet();
            transmit(pending);
            schedule(now + T1_NANOS);
        }

        private void transmit(byte[] bytes) {
            try {
                channel.send(ByteBuffer.wrap(bytes), settings.server());
            } catch (IOException e) {
                // lost like a datagram; the retransmission timer tries again
            }
        }

        private String requestUri() {
            return "sip:" + settings.domain();
        }

        private String request(long n, String authorizationLine) {
            String aor = "sip:" + user + "@" + settings.domain();
            return "REGISTER " + requestUri() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP " + hostPort + ";branch=z9hG4bK" + index + "x"
                    + (++branchSeq) + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <" + aor + ">;tag=" + fromTag + "\r\n"
                    + "To: <" + aor + ">\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: " + n + " REGISTER\r\n"
                    + "Contact: " + contact + "\r\n"
                    + "Expires: " + expires + "\r\n"
                    + (authorizationLine == null ? "" : authorizationLine + "\r\n")
                    + "User-Agent: midreg-demo-device\r\n"
                    + "Content-Length: 0\r\n\r\n";
        }
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }
}
