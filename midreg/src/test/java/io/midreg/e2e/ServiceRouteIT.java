package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.proxy.CallStats;
import io.midreg.server.MidregServer;
import io.midreg.testing.Cleanup;
import io.midreg.testing.FreeLoopbackPort;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.Sipp;
import io.midreg.testing.SippUas;
import io.midreg.testing.SipPeer;
import io.midreg.testing.TestDevice;
import io.midreg.testing.TwoUpstreams;
import java.nio.file.Files;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Service-Route (RFC 3608) with a real upstream registrar: Kamailio answers every REGISTER with
 * {@code Service-Route: <sip:127.0.0.1:PBX;lr>}, the proxy a UA's requests must go through. A
 * device registers through midreg (contact mode: the route is kept with its binding's upstream
 * registration; aor mode: with the AOR's) and gets midreg's 200 without the route (midreg is its
 * first hop and applies the route itself). Its INVITE through midreg then carries the route as
 * Route and goes to the hop it names, a SIPp PBX, not to Kamailio (which would answer 405); the
 * ACK and the BYE follow midreg's Record-Route to the PBX's Contact. With two targets, when the
 * target holding the registration (and named by its route) is out of service, the device's
 * request fails over to the other target, without the route.
 */
@Timeout(120)
class ServiceRouteIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    private final Cleanup started = new Cleanup();

    @AfterEach
    void stop() throws Exception {
        started.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"contact", "aor"})
    void aDevicesInviteGoesThroughTheServiceRouteTheUpstreamRegistrarGave(String mode) throws Exception {
        KamailioRegistrar kamailio = started.add(KamailioRegistrar.start(KamailioOptions.withoutAuth()));
        int pbxPort = FreeLoopbackPort.pick();
        String serviceRoute = "<sip:127.0.0.1:" + pbxPort + ";lr>";
        kamailio.setServiceRoute(serviceRoute);
        MidregServer midreg = CallsTestBed.midreg(started, kamailio.address().getPort(), c -> c.registrar("mode", mode), "");
        InetSocketAddress udp = RegistrarEndToEnd.udpAddress(midreg);

        int devicePort;
        try (TestDevice phone = new TestDevice(udp, "caller", DOMAIN, "pw")) {
            ReceivedMessage ok = phone.register(120);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.headers("Service-Route")).as("midreg is the device's first hop: no upstream route in its 200").isEmpty();
            devicePort = phone.port();
        }
        SippUas pbx = started.add(SippUas.start("pbx-answer-uas.xml", pbxPort, false,
                "-key", "contact_host", "127.0.0.1", "-key", "contact_port", ":" + pbxPort));

        Sipp.Result call = Sipp.run("device-call-plain-uac.xml", udp, "u1", 1, 1, 30, "-s", "callee", "-key", "caller", "caller",
                "-key", "domain", DOMAIN, "-p", Integer.toString(devicePort));

        assertThat(call.allCallsSucceeded()).as(call.output() + "\n--- PBX ---\n" + pbx.trace()).isTrue();
        assertThat(pbx.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK", "BYE");
        assertThat(pbx.trace()).as("the INVITE carries the Service-Route as Route").containsPattern("(?m)^Route: " + java.util.regex.Pattern.quote(serviceRoute));
        CallStats stats = midreg.calls().stats();
        assertThat(stats.viaServiceRoute.sum()).isEqualTo(1);
        assertThat(CallsTestBed.metrics(midreg)).contains("midreg_calls_out_service_route_total 1.0");
        assertThat(stats.inDialogToUpstream.sum()).as("the BYE, by midreg's Record-Route").isEqualTo(1);
    }

    @Test
    void whenTheHoldingTargetTheRouteNamesIsDownTheRequestFailsOverToTheOtherTarget() throws Exception {
        TwoUpstreams upstreams = started.add(TwoUpstreams.start(KamailioOptions.withoutAuth()));
        KamailioRegistrar a = upstreams.a();
        a.setServiceRoute("<sip:" + a.address().getHostString() + ":" + a.address().getPort() + ";lr>");
        String yaml = upstreams.config(Files.createTempDirectory("midreg-sr").resolve("midreg.store"), ";priority=1", ";priority=2").yaml();
        MidregServer midreg = started.add(upstreams.midreg("sr.yaml", yaml, RegistrarEndToEnd.FAST, 1, 300_000));
        midreg.start();
        try (TestDevice phone = new TestDevice(TwoUpstreams.udpAddress(midreg), "mover", DOMAIN, "pw")) {
            assertThat(phone.register(120).status()).isEqualTo(200);
            assertThat(a.contactsOf("mover@" + DOMAIN)).as("held at A, with A's route").hasSize(1);
            a.close(); // A is gone, and midreg takes it out of service
            upstreams.health(a).downUntil(System.currentTimeMillis() + 300_000);
            String invite = "INVITE sip:callee@" + DOMAIN + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + phone.port() + ";branch=" + SipPeer.newBranch() + ";rport\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:mover@" + DOMAIN + ">;tag=mv\r\nTo: <sip:callee@" + DOMAIN + ">\r\n"
                    + "Call-ID: sr-failover-1\r\nCSeq: 1 INVITE\r\nContact: <sip:mover@127.0.0.1:" + phone.port() + ">\r\n"
                    + "Content-Length: 0\r\n\r\n";
            assertThat(phone.send(invite).status()).as("B's answer (Kamailio: 405), not a time-out at A").isEqualTo(405);
        }
        CallStats stats = midreg.calls().stats();
        assertThat(stats.towardsUpstream.sum()).isEqualTo(1);
        assertThat(stats.viaServiceRoute.sum()).as("A's route is left out").isZero();
    }
}
