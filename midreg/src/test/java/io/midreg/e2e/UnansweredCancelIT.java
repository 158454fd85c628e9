package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.proxy.CallStats;
import io.midreg.server.MidregServer;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.Sipp;
import io.midreg.testing.SippUas;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A device that rings and then ignores the PBX's CANCEL (no 200 to it, no 487, ever), with
 * real peers: Kamailio as the upstream registrar, SIPp as the PBX and as the device. midreg
 * answers the CANCEL itself, and 64*T1 after it sent the CANCEL on to the device it gives the
 * branch up (RFC 3261 §9.1, §16.10) and the PBX gets its 487: the call ends in bounded time
 * instead of hanging. T1 is 50 ms here, so 64*T1 is 3.2 s (32 s with the default 500 ms).
 * And a device that never answers at all: the caller's CANCEL ends its branch as 487 at once.
 */
@Timeout(120)
class UnansweredCancelIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final TimerConfig SHORT_T1 =
            new TimerConfig(Duration.ofMillis(50), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(32));

    private final Cleanup started = new Cleanup();
    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private InetSocketAddress udp;
    private SippUas device;

    @BeforeEach
    void start() throws Exception {
        kamailio = started.add(KamailioRegistrar.start(KamailioOptions.withoutAuth()));
        midreg = CallsTestBed.midreg(started, kamailio.address().getPort(), c -> c, "", SHORT_T1);
        udp = RegistrarEndToEnd.udpAddress(midreg);
    }

    @AfterEach
    void stop() throws Exception {
        started.close();
    }

    /** Registers {@code user} through midreg, then puts a SIPp device playing {@code scenario} on its port; returns its token. */
    private String deviceRegisteredAs(String user, String scenario) throws Exception {
        int port;
        try (TestDevice phone = new TestDevice(udp, user, DOMAIN, "pw")) {
            assertThat(phone.register(120).status()).isEqualTo(200);
            port = phone.port();
        }
        List<io.midreg.testing.RegisteredContact> upstream = kamailio.contactsOf(user + "@" + DOMAIN);
        assertThat(upstream).hasSize(1);
        device = started.add(SippUas.start(scenario, port, false));
        return CallsTestBed.token(upstream.get(0));
    }

    @Test
    void aDeviceThatIgnoresTheCancelIsGivenUpAfterSixtyFourT1AndThePbxGets487() throws Exception {
        String token = deviceRegisteredAs("deaf", "device-ignores-cancel-uas.xml");

        Sipp.Result call = Sipp.run("pbx-call-cancel-uac.xml", udp, "u1", 1, 1, 30, "-s", token);

        assertThat(call.allCallsSucceeded()).as("the PBX got 200 to its CANCEL and then 487: " + call.output()).isTrue();
        assertThat(device.requests()).extracting(SippUas.Received::method).as("the device never answered: no ACK of a 487")
                .containsExactly("INVITE", "CANCEL");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.callerCancels.sum()).isEqualTo(1);
        assertThat(stats.cancelledUnanswered.sum()).isEqualTo(1);
        assertThat(stats.answeredClass(4)).as("the 487").isEqualTo(1);
        // the CANCEL's own transaction ends by timer F at about the same time: a few ticks at most
        for (int i = 0; i < 40 && midreg.stack().transactions().clientTransactionCount() > 0; i++) Thread.sleep(50);
        assertThat(midreg.stack().transactions().clientTransactionCount()).as("the device's INVITE transaction destroyed").isZero();
    }

    /**
     * A device that never answers, not even 100: midreg may not CANCEL its branch before a
     * provisional (RFC 3261 §9.1), and waiting for timer B would hold the caller (3.2 s here,
     * 32 s by default) and end it with 408; the caller's CANCEL ends the branch as 487 at once.
     */
    @Test
    void aCallerCancelsADeviceThatNeverAnsweredAndGets487AtOnce() throws Exception {
        String token = deviceRegisteredAs("mute", "device-silent-uas.xml");

        Sipp.Result call = Sipp.run("pbx-call-cancel-early-uac.xml", udp, "u1", 1, 1, 30, "-s", token);

        assertThat(call.allCallsSucceeded()).as("the PBX got 200 to its CANCEL and 487 within 5 s, before timer B's 408: " + call.output())
                .isTrue();
        assertThat(device.requests()).extracting(SippUas.Received::method).as("no CANCEL without a provisional (§9.1)")
                .contains("INVITE").doesNotContain("CANCEL");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.callerCancels.sum()).isEqualTo(1);
        assertThat(stats.answeredClass(4)).as("the 487").isEqualTo(1);
    }
}
