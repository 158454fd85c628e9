package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.proxy.CallStats;
import io.midreg.server.MidregServer;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.Sipp;
import io.midreg.testing.SippUas;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Forking in aor mode (RFC 3261 §16.6, §16.7): three devices register one AOR through midreg,
 * Kamailio holds the one AOR Contact midreg registered, and a SIPp PBX calls that AOR token.
 * With equal q every device rings at once; the first 200 wins, the ringing losers get a CANCEL
 * and answer 487, the call ends with the PBX's BYE at the winner. With different q the devices
 * are tried one group at a time, highest q first: a busy device passes the call to the next,
 * and a device below the one that answered is never tried. Timer C (configured to 3 s) CANCELs
 * a device that rings and never answers; the PBX gets its 487. The counters show in /metrics.
 */
@Timeout(120)
class ForkingCallsIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    private final Cleanup started = new Cleanup();
    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private InetSocketAddress udp;

    @BeforeEach
    void start() throws Exception {
        kamailio = started.add(KamailioRegistrar.start(KamailioOptions.withoutAuth()));
        midreg = CallsTestBed.midreg(started, kamailio.address().getPort(), c -> c.registrar("mode", "aor").registrar("maxContacts", 5),
                "calls:\n  timerC: 3\n");
        udp = RegistrarEndToEnd.udpAddress(midreg);
    }

    @AfterEach
    void stop() throws Exception {
        started.close();
    }

    private int registered(String user, String q) throws Exception {
        return CallsTestBed.registered(udp, user, DOMAIN, q);
    }

    private String aorToken(String user) throws Exception {
        List<io.midreg.testing.RegisteredContact> upstream = kamailio.contactsOf(user + "@" + DOMAIN);
        assertThat(upstream).as("aor mode: one upstream Contact for the AOR").hasSize(1);
        return CallsTestBed.token(upstream.get(0));
    }

    @Test
    void equalQRingsEveryDeviceTheFirst200WinsAndTheRingingLosersAreCancelled() throws Exception {
        int a = registered("family", "1.0");
        int b = registered("family", "1.0");
        int c = registered("family", "1.0");
        String token = aorToken("family");
        SippUas loserB = started.add(SippUas.start("device-ring-cancelled-uas.xml", b, false));
        SippUas loserC = started.add(SippUas.start("device-ring-cancelled-uas.xml", c, false));
        SippUas winner = started.add(SippUas.start("device-answer-slowly-uas.xml", a, false));
        Sipp.Result call = Sipp.run("pbx-call-uac.xml", udp, "u1", 1, 1, 30, "-s", token);
        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        assertThat(winner.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK", "BYE");
        assertThat(loserB.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "CANCEL", "ACK");
        assertThat(loserC.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "CANCEL", "ACK");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.forks.sum()).isEqualTo(1);
        assertThat(stats.branches.sum()).isEqualTo(3);
        assertThat(stats.cancels.sum()).as("the two losers").isEqualTo(2);
        assertThat(stats.answeredClass(2)).as("the INVITE's 200 (the in-dialog BYE is relayed outside a fork)").isEqualTo(1);
        assertThat(stats.inDialogToDevice.sum()).as("the BYE to the winner only").isEqualTo(1);
        String metrics = CallsTestBed.metrics(midreg);
        assertThat(metrics).contains("midreg_calls_forks_total 1.0").contains("midreg_calls_cancels_total 2.0")
                .contains("midreg_calls_answered_total 1.0").contains("midreg_calls_in_total 1.0");
    }

    @Test
    void timerCCancelsADeviceThatRingsAndNeverAnswersAndThePbxGets487() throws Exception {
        int only = registered("sleepy", "1.0");
        String token = aorToken("sleepy");
        SippUas device = started.add(SippUas.start("device-ring-cancelled-uas.xml", only, false));
        Sipp.Result call = Sipp.run("pbx-call-unanswered-uac.xml", udp, "u1", 1, 1, 30, "-s", token);
        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        assertThat(device.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "CANCEL", "ACK");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.timerC.sum()).isEqualTo(1);
        assertThat(stats.cancels.sum()).isEqualTo(1);
        assertThat(stats.answeredClass(4)).as("the 487").isEqualTo(1);
        assertThat(CallsTestBed.metrics(midreg)).contains("midreg_calls_timer_c_total 1.0").contains("midreg_calls_failed_total{class=\"4xx\"} 1.0")
                .contains("midreg_calls_ended_total{reason=\"timer_c\"} 1.0").contains("midreg_calls_active{state=\"early\"} 0.0");
    }

    @Test
    void differentQTriesOneGroupAtATimeABusyDevicePassesTheCallOnAndALowerOneIsNeverTried() throws Exception {
        int first = registered("office", "1.0");
        int second = registered("office", "0.5");
        int third = registered("office", "0.1");
        String token = aorToken("office");
        SippUas busy = started.add(SippUas.start("device-busy-uas.xml", first, false));
        SippUas answers = started.add(SippUas.start("device-answer-uas.xml", second, false));
        SippUas never = started.add(SippUas.start("device-answer-uas.xml", third, false));
        Sipp.Result call = Sipp.run("pbx-call-uac.xml", udp, "u1", 1, 1, 30, "-s", token);
        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        assertThat(busy.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK");
        assertThat(answers.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK", "BYE");
        assertThat(busy.requests().get(0).atMillis()).isLessThanOrEqualTo(answers.requests().get(0).atMillis());
        assertThat(never.requests()).as("below the device that answered").isEmpty();
        CallStats stats = midreg.calls().stats();
        assertThat(stats.branches.sum()).isEqualTo(2);
        assertThat(stats.cancels.sum()).isZero();
    }
}
