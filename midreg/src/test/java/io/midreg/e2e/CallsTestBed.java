package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.server.MidregServer;
import io.midreg.sip.uri.SipUri;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.RegisteredContact;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** What the call ITs share: midreg started in front of a Kamailio on loopback, and the token of a Contact Kamailio holds. */
final class CallsTestBed {
    private CallsTestBed() {
    }

    /**
     * A started midreg with the upstream on 127.0.0.1:{@code upstreamPort}, closed by {@code started}.
     *
     * @param tune      changes to the loopback test config (mode, limits)
     * @param extraYaml sections appended to it (calls:)
     */
    static MidregServer midreg(Cleanup started, int upstreamPort, UnaryOperator<TestConfig> tune, String extraYaml) throws Exception {
        return midreg(started, upstreamPort, tune, extraYaml, null);
    }

    /** As above, on transaction timers {@code timers} (a short T1, so 64*T1 comes soon); null for the config's. */
    static MidregServer midreg(Cleanup started, int upstreamPort, UnaryOperator<TestConfig> tune, String extraYaml, TimerConfig timers)
            throws Exception {
        String yaml = tune.apply(TestConfig.loopback(upstreamPort, Files.createTempDirectory("midreg-calls").resolve("midreg.store"))).yaml();
        LoadedConfig config = LoadedConfig.parse("calls.yaml", yaml + extraYaml);
        MidregServer midreg = started.add(timers == null ? new MidregServer(config)
                : new MidregServer(config, System::currentTimeMillis, timers));
        midreg.start();
        return midreg;
    }

    /**
     * Registers {@code user} of {@code domain} through midreg at {@code udp} from a port that is
     * then free for a SIPp device; the port and the token of the one Contact Kamailio holds for it.
     */
    static String[] registeredForSipp(KamailioRegistrar kamailio, InetSocketAddress udp, String user, String domain) throws Exception {
        int port;
        try (TestDevice phone = new TestDevice(udp, user, domain, "pw")) {
            assertThat(phone.register(120).status()).isEqualTo(200);
            port = phone.port();
        }
        List<RegisteredContact> upstream = kamailio.contactsOf(user + "@" + domain);
        assertThat(upstream).hasSize(1);
        return new String[] {Integer.toString(port), token(upstream.get(0))};
    }

    /**
     * Registers one device of {@code user}@{@code domain} through midreg at {@code udp} with q
     * {@code q}, from a port then free for SIPp; returns the port.
     */
    static int registered(InetSocketAddress udp, String user, String domain, String q) throws Exception {
        try (TestDevice phone = new TestDevice(udp, user, domain, "pw")) {
            String register = "REGISTER sip:" + domain + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + phone.port() + ";branch=z9hG4bKbed" + System.nanoTime() + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:" + user + "@" + domain + ">;tag=f" + phone.port() + "\r\n"
                    + "To: <sip:" + user + "@" + domain + ">\r\n"
                    + "Call-ID: " + phone.callId() + "\r\n"
                    + "CSeq: 1 REGISTER\r\n"
                    + "Contact: <" + phone.contact() + ">;q=" + q + "\r\n"
                    + "Expires: 120\r\n"
                    + "Content-Length: 0\r\n\r\n";
            int status = phone.send(register).status();
            if (status != 200) throw new AssertionError("REGISTER of " + user + " answered " + status);
            return phone.port();
        }
    }

    /**
     * The statuses of the INVITE responses a SIPp peer received, every arrival (retransmissions
     * too), in order, read from its {@code -trace_msg} message file.
     */
    static List<Integer> inviteResponsesReceived(Path messageFile) throws java.io.IOException {
        List<String> lines = Files.readAllLines(messageFile, java.nio.charset.StandardCharsets.ISO_8859_1);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).contains("message received")) continue;
            int start = i + 1;
            while (start < lines.size() && lines.get(start).isBlank()) start++;
            if (start >= lines.size() || !lines.get(start).startsWith("SIP/2.0 ")) continue;
            int status = Integer.parseInt(lines.get(start).substring(8, 11));
            for (int j = start + 1; j < lines.size() && !lines.get(j).isBlank(); j++) {
                String h = lines.get(j).toLowerCase(java.util.Locale.ROOT);
                if (h.startsWith("cseq:") && h.trim().endsWith(" invite")) out.add(status);
            }
        }
        return out;
    }

    /** Where {@code midreg} listens on {@code protocol}. */
    static InetSocketAddress address(MidregServer midreg, TransportProtocol protocol) {
        return midreg.listeners().stream().filter(l -> l.config().protocol() == protocol).map(BoundListener::address).findFirst()
                .orElseThrow(() -> new AssertionError("no " + protocol + " listener"));
    }

    /** The user part of the Contact midreg registered upstream: its signed token. */
    static String token(RegisteredContact upstream) {
        return SipUri.parse(upstream.uri().replaceAll("^<|>$", "")).user();
    }

    /** What midreg's {@code /metrics} shows now. */
    static String metrics(MidregServer midreg) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(midreg.admin().url() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** A PBX's INVITE to sip:TOKEN@midreg, as written by hand, from {@code from} (its Via and Contact). */
    static String invite(InetSocketAddress from, InetSocketAddress midreg, String token, String callId, int maxForwards) {
        String host = from.getAddress().getHostAddress();
        return "INVITE sip:" + token + "@127.0.0.1:" + midreg.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ":" + from.getPort() + ";branch=z9hG4bK-" + callId + "\r\n"
                + "Max-Forwards: " + maxForwards + "\r\n"
                + "From: <sip:pbx@127.0.0.1>;tag=p-" + callId + "\r\n"
                + "To: <sip:" + token + "@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:pbx@127.0.0.1:" + from.getPort() + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
