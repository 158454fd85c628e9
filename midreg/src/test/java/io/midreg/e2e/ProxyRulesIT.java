package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.proxy.CallStats;
import io.midreg.server.MidregServer;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.RegisteredContact;
import io.midreg.testing.Sipp;
import io.midreg.testing.SippUas;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proxy rules of RFC 3261 §16.7 and RFC 6026 with real peers: SIPp devices registered through
 * midreg (Kamailio as the upstream registrar) and a SIPp PBX calling the Contact midreg registered.
 * In aor mode the AOR's token forks to every device, in contact mode each device has its own:
 * <ul>
 *   <li>a 603 ends a fork: the devices still ringing get a CANCEL, the caller gets the 603;</li>
 *   <li>a 503 from every branch reaches the caller as 500 (§16.7 step 6);</li>
 *   <li>a device's 2xx retransmitted until the late ACK reaches the caller each time (RFC 6026);</li>
 *   <li>out-of-dialog MESSAGE, NOTIFY, SUBSCRIBE and REFER reach the device(s) and the answer the PBX.</li>
 * </ul>
 */
@Timeout(120)
class ProxyRulesIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    private final Cleanup started = new Cleanup();
    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private InetSocketAddress udp;

    @AfterEach
    void stop() throws Exception {
        started.close();
    }

    private void start(String mode) throws Exception {
        kamailio = started.add(KamailioRegistrar.start(KamailioOptions.withoutAuth()));
        midreg = CallsTestBed.midreg(started, kamailio.address().getPort(), c -> c.registrar("mode", mode).registrar("maxContacts", 5), "");
        udp = RegistrarEndToEnd.udpAddress(midreg);
    }

    /** Registers {@code count} devices of {@code user} (equal q) and returns their ports. */
    private int[] devices(String user, int count) throws Exception {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) ports[i] = CallsTestBed.registered(udp, user, DOMAIN, "1.0");
        return ports;
    }

    /** Registers {@code count} devices of {@code user} and puts a SIPp device with {@code scenario} on each one's port. */
    private List<SippUas> devicesAnswering(String user, int count, String scenario) throws Exception {
        List<SippUas> out = new java.util.ArrayList<>();
        for (int port : devices(user, count)) out.add(started.add(SippUas.start(scenario, port, false)));
        return out;
    }

    /** The one Contact Kamailio holds for {@code user}: the AOR's token (aor mode) or the one device's. */
    private String token(String user) throws Exception {
        List<RegisteredContact> upstream = kamailio.contactsOf(user + "@" + DOMAIN);
        assertThat(upstream).hasSize(1);
        return CallsTestBed.token(upstream.get(0));
    }

    /** The PBX calls {@code token} with {@code scenario}, tracing its messages; returns the statuses of its INVITE's answers. */
    private List<Integer> pbxCalls(String scenario, String token) throws Exception {
        Path trace = Files.createTempFile("pbx", ".msg");
        try {
            Sipp.Result call = Sipp.run(scenario, udp, "u1", 1, 1, 30, "-s", token, "-trace_msg", "-message_file", trace.toString());
            assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
            return CallsTestBed.inviteResponsesReceived(trace);
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    private static List<Integer> finals(List<Integer> statuses) {
        return statuses.stream().filter(s -> s >= 200).toList();
    }

    @Test
    void aDeclineEndsTheForkTheRingingDevicesGetACancelAndTheCallerThe603() throws Exception {
        start("aor");
        int[] d = devices("family", 3);
        String token = token("family");
        SippUas ringsB = started.add(SippUas.start("device-ring-cancelled-uas.xml", d[1], false));
        SippUas ringsC = started.add(SippUas.start("device-ring-cancelled-uas.xml", d[2], false));
        SippUas declines = started.add(SippUas.start("device-decline-uas.xml", d[0], false));
        List<Integer> answers = pbxCalls("pbx-call-refused-uac.xml", token);
        assertThat(finals(answers)).as("the 6xx, nothing else").containsOnly(603);
        assertThat(declines.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK");
        assertThat(ringsB.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "CANCEL", "ACK");
        assertThat(ringsC.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "CANCEL", "ACK");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.cancels.sum()).isEqualTo(2);
        assertThat(stats.answeredClass(6)).isEqualTo(1);
    }

    @Test
    void inContactModeTheOneDevicesDeclineReachesTheCaller() throws Exception {
        start("contact");
        int[] d = devices("single", 1);
        SippUas declines = started.add(SippUas.start("device-decline-uas.xml", d[0], false));
        assertThat(finals(pbxCalls("pbx-call-refused-uac.xml", token("single")))).containsOnly(603);
        assertThat(declines.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK");
        assertThat(midreg.calls().stats().cancels.sum()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"contact", "aor"})
    void a503FromEveryBranchReachesTheCallerAs500(String mode) throws Exception {
        start(mode);
        List<SippUas> unavailable = devicesAnswering("outage", mode.equals("aor") ? 2 : 1, "device-unavailable-uas.xml");
        assertThat(finals(pbxCalls("pbx-call-refused-uac.xml", token("outage")))).as("§16.7 step 6: 500, never 503").containsOnly(500);
        for (SippUas u : unavailable) assertThat(u.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK");
        assertThat(midreg.calls().stats().answeredClass(5)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"contact", "aor"})
    void aDevicesRetransmitted200ReachesTheCallerUntilItsLateAck(String mode) throws Exception {
        start(mode);
        int[] d = devices("patient", 1);
        SippUas device = started.add(SippUas.start("device-answer-uas.xml", d[0], false));
        List<Integer> answers = pbxCalls("pbx-call-late-ack-uac.xml", token("patient"));
        // the PBX holds its ACK 2 s: the device resends its 200 at 0.5 s and 1.5 s (T1 = 500 ms doubling)
        assertThat(finals(answers)).as("the 200 and its retransmissions, through midreg").hasSizeGreaterThanOrEqualTo(2).containsOnly(200);
        assertThat(device.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK", "BYE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"contact", "aor"})
    void outOfDialogMessageNotifySubscribeAndReferReachTheDeviceAndItsAnswersThePbx(String mode) throws Exception {
        start(mode);
        // aor mode forks each request to both devices; contact mode reaches the one device its token names
        int count = mode.equals("aor") ? 2 : 1;
        List<SippUas> answering = devicesAnswering("texting", count, "device-requests-uas.xml");
        Sipp.Result pbx = Sipp.run("pbx-requests-uac.xml", udp, "u1", 1, 1, 30, "-s", token("texting"));
        assertThat(pbx.allCallsSucceeded()).as(pbx.output()).isTrue();
        for (SippUas device : answering) {
            assertThat(device.requests()).extracting(SippUas.Received::method).containsExactly("MESSAGE", "NOTIFY", "SUBSCRIBE", "REFER");
        }
        CallStats stats = midreg.calls().stats();
        assertThat(stats.routed.sum()).isEqualTo(4);
        assertThat(stats.branches.sum()).isEqualTo(4L * count);
        assertThat(stats.answeredClass(2)).isEqualTo(4);
    }
}
