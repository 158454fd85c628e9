package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.proxy.CallStats;
import io.midreg.server.MidregServer;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioCalls;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.Sipp;
import io.midreg.testing.SippUas;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kamailio as the PBX, both the upstream registrar and the proxy that routes calls
 * (registrar.cfg with {@code WITH_CALLS} and {@code WITH_CALL_AUTH}: digest auth on REGISTER,
 * {@code lookup("location")} + {@code t_relay()} with {@code record_route()}, 407 on an INVITE
 * from a user of its realm). Devices register through midreg with Kamailio's challenge answered;
 * a SIPp caller calls the AOR at Kamailio, which looks up the token Contact midreg registered and
 * relays the INVITE to midreg, which routes it to the device(s): a full call, hung up from either
 * side, every in-dialog request through both Record-Routes. A device's own call goes through
 * midreg to Kamailio, whose 407 reaches the device, which answers it; Kamailio then routes the
 * call to a callee registered directly with it.
 *
 * <p>The devices that take calls register in the domain {@code 127.0.0.1}, the PBX's address, so
 * that a call to {@code sip:user@127.0.0.1:port} (what the SIPp caller sends) is for their AOR.
 */
@Timeout(120)
class KamailioPbxCallsIT {
    private static final String PBX_DOMAIN = "127.0.0.1";
    private static final String REALM = KamailioOptions.DEFAULT_REALM;

    private final Cleanup started = new Cleanup();
    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private InetSocketAddress udp;

    private void start(String mode) throws Exception {
        kamailio = started.add(KamailioRegistrar.start(KamailioOptions.withAuth().calls(KamailioCalls.PROXY_WITH_AUTH)));
        midreg = CallsTestBed.midreg(started, kamailio.address().getPort(), c -> c.registrar("mode", mode).registrar("maxContacts", 5), "");
        udp = RegistrarEndToEnd.udpAddress(midreg);
    }

    @AfterEach
    void stop() throws Exception {
        started.close();
    }

    /** Registers a device of {@code user}@{@code domain} through midreg, answering Kamailio's challenge; returns its port, then free for SIPp. */
    private int registeredThroughMidreg(String user, String domain) throws Exception {
        try (TestDevice phone = new TestDevice(udp, user, domain, "pw-" + user)) {
            assertThat(phone.registerWithAuth(120).status()).as(kamailio.log()).isEqualTo(200);
            return phone.port();
        }
    }

    private Sipp.Result callAtKamailio(String scenario, String user) throws Exception {
        return Sipp.run(scenario, kamailio.address(), "u1", 1, 1, 30, "-s", user);
    }

    @ParameterizedTest
    @ValueSource(strings = {"contact", "aor"})
    void aCallToTheAorAtKamailioReachesTheDeviceThroughMidregAndTheCallerHangsUp(String mode) throws Exception {
        start(mode);
        int port = registeredThroughMidreg("alice", PBX_DOMAIN);
        assertThat(kamailio.contactsOf("alice@" + PBX_DOMAIN)).as("the token Contact midreg registered").hasSize(1);
        SippUas device = started.add(SippUas.start("device-answer-uas.xml", port, false));
        Sipp.Result call = callAtKamailio("pbx-call-uac.xml", "alice");
        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        assertThat(device.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK", "BYE");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.routed.sum()).as("the INVITE and the BYE, from Kamailio").isEqualTo(2);
        assertThat(stats.inDialogToDevice.sum()).as("the BYE, loose-routed by Kamailio to midreg's Record-Route").isEqualTo(1);
        assertThat(stats.badToken.sum() + stats.unknownSource.sum() + stats.noBinding.sum() + stats.inDialogRefused.sum()).isZero();
        assertThat(kamailio.statistic("rcv_requests_invite")).isEqualTo(1);
        assertThat(kamailio.statistic("rcv_requests_bye")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"contact", "aor"})
    void theDeviceHangsUpAndItsByeGoesThroughMidregAndKamailioToTheCaller(String mode) throws Exception {
        start(mode);
        int port = registeredThroughMidreg("bob", PBX_DOMAIN);
        SippUas device = started.add(SippUas.start("device-answer-bye-uas.xml", port, false));
        Sipp.Result call = callAtKamailio("pbx-call-bye-received-uac.xml", "bob");
        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        assertThat(device.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.inDialogToUpstream.sum()).as("the device's BYE, by midreg's and Kamailio's Record-Route").isEqualTo(1);
        assertThat(stats.inDialogRefused.sum()).isZero();
        assertThat(kamailio.statistic("rcv_requests_bye")).isEqualTo(1);
    }

    @Test
    void inAorModeBothDevicesOfTheAorRingTheFirstToAnswerWinsAndTheOtherIsCancelled() throws Exception {
        start("aor");
        int ringsOnly = registeredThroughMidreg("family", PBX_DOMAIN);
        int answers = registeredThroughMidreg("family", PBX_DOMAIN);
        assertThat(kamailio.contactsOf("family@" + PBX_DOMAIN)).as("aor mode: one Contact for both devices").hasSize(1);
        SippUas loser = started.add(SippUas.start("device-ring-cancelled-uas.xml", ringsOnly, false));
        SippUas winner = started.add(SippUas.start("device-answer-slowly-uas.xml", answers, false));
        Sipp.Result call = callAtKamailio("pbx-call-uac.xml", "family");
        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        assertThat(loser.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "CANCEL", "ACK");
        assertThat(winner.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK", "BYE");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.forks.sum()).isEqualTo(1);
        assertThat(stats.branches.sum()).as("both devices rang").isEqualTo(2);
        assertThat(stats.cancels.sum()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"contact", "aor"})
    void aDevicesCallGoesThroughMidregToKamailioWhose407TheDeviceAnswersAndKamailioRoutesItToTheCallee(String mode) throws Exception {
        start(mode);
        int device = registeredThroughMidreg("carol", REALM);
        int callee;
        try (TestDevice phone = new TestDevice(kamailio.address(), "dave", REALM, "pw-dave")) {
            assertThat(phone.registerWithAuth(120).status()).as("the callee registers at Kamailio itself").isEqualTo(200);
            callee = phone.port();
        }
        SippUas dave = started.add(SippUas.start("pbx-callee-uas.xml", callee, false));
        Sipp.Result call = Sipp.run("device-call-uac.xml", udp, "u1", 1, 1, 30, "-s", "dave", "-key", "caller", "carol", "-key", "domain", REALM,
                "-au", "carol", "-ap", "pw-carol", "-p", Integer.toString(device));
        assertThat(call.allCallsSucceeded()).as(call.output() + kamailio.log()).isTrue();
        assertThat(dave.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK", "INVITE", "ACK", "BYE");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.towardsUpstream.sum()).as("the INVITE and the INVITE with credentials").isEqualTo(2);
        assertThat(stats.answeredClass(4)).as("Kamailio's 407, passed through").isEqualTo(1);
        assertThat(stats.inDialogToUpstream.sum()).as("the re-INVITE and the BYE").isEqualTo(2);
        assertThat(stats.inDialogRefused.sum() + stats.unknownSource.sum()).isZero();
        assertThat(kamailio.statistic("rcv_requests_invite")).as("two initial INVITEs and the re-INVITE").isEqualTo(3);
    }
}
