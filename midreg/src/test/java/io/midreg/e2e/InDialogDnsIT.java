package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.proxy.CallStats;
import io.midreg.server.MidregServer;
import io.midreg.testing.Cleanup;
import io.midreg.testing.Dnsmasq;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.Sipp;
import io.midreg.testing.SippUas;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A device's in-dialog requests towards a PBX whose Contact names it by a DNS name (RFC 3263,
 * asked of dnsmasq on loopback through upstream.dns.server). The device registers through midreg
 * (Kamailio as the upstream registrar), then a SIPp PBX takes the upstream's port and answers the
 * device's INVITE with its Contact at a name: with a port (A record), or without (NAPTR
 * SIP+D2U → SRV → A, the SRV giving the port). midreg locates it off the event loop and the
 * ACK and BYE reach the PBX. A name that does not exist gets the BYE a 404 from midreg.
 */
@Timeout(120)
class InDialogDnsIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final String DNS_DOMAIN = "calls.test";
    private static final String PBX_A = "pbx." + DNS_DOMAIN;
    private static final String PBX_NAPTR = "pbxsrv." + DNS_DOMAIN;
    private static final String SRV = "_sip._udp." + PBX_NAPTR;

    private final Cleanup started = new Cleanup();
    private MidregServer midreg;
    private InetSocketAddress udp;
    private int upstreamPort;
    private int devicePort;
    private Dnsmasq dns;

    @AfterEach
    void stop() throws Exception {
        started.close();
        if (dns != null) dns.close();
    }

    /**
     * DNS for the PBX at Kamailio's port, midreg asking it, the device "caller" registered; then the
     * PBX replaces Kamailio, its Contact at {@code contactHost} and {@code contactPort} (":PORT" is
     * the upstream's port, "" none).
     */
    private SippUas registeredThenPbx(String contactHost, String contactPort) throws Exception {
        KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth());
        upstreamPort = kamailio.address().getPort();
        dns = Dnsmasq.start(DNS_DOMAIN, 60, List.of(
                "--host-record=" + PBX_A + ",127.0.0.1",
                "--srv-host=" + SRV + "," + PBX_A + "," + upstreamPort + ",10,10",
                "--naptr-record=" + PBX_NAPTR + ",10,10,S,SIP+D2U,," + SRV));
        midreg = CallsTestBed.midreg(started, upstreamPort,
                c -> c.upstream("dns", "{server: \"127.0.0.1:" + dns.address().getPort() + "\"}"), "");
        udp = RegistrarEndToEnd.udpAddress(midreg);
        try (TestDevice phone = new TestDevice(udp, "caller", DOMAIN, "pw")) {
            assertThat(phone.register(120).status()).isEqualTo(200);
            devicePort = phone.port();
        } finally {
            kamailio.close();
        }
        return started.add(SippUas.start("pbx-answer-uas.xml", upstreamPort, false,
                "-key", "contact_host", contactHost, "-key", "contact_port", contactPort.replace("PORT", Integer.toString(upstreamPort))));
    }

    private Sipp.Result call(String scenario) throws Exception {
        return Sipp.run(scenario, udp, "u1", 1, 1, 30, "-s", "callee", "-key", "caller", "caller", "-key", "domain", DOMAIN,
                "-p", Integer.toString(devicePort));
    }

    @Test
    void aContactNamedWithAPortIsFoundByItsARecord() throws Exception {
        SippUas pbx = registeredThenPbx(PBX_A, ":PORT");
        Sipp.Result call = call("device-call-plain-uac.xml");
        assertThat(call.allCallsSucceeded()).as(call.output() + "\n--- PBX ---\n" + pbx.trace()).isTrue();
        assertThat(pbx.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK", "BYE");
        assertThat(dns.queriesFor(PBX_A)).as("A (and AAAA) looked up").isPositive();
        assertThat(dns.queriesFor(SRV)).as("an explicit port: no SRV (RFC 3263 §4.2)").isZero();
        CallStats stats = midreg.calls().stats();
        assertThat(stats.inDialogToUpstream.sum()).as("the BYE").isEqualTo(1);
        assertThat(stats.inDialogRefused.sum()).isZero();
    }

    @Test
    void aContactNamedWithoutAPortIsFoundThroughNaptrAndSrv() throws Exception {
        SippUas pbx = registeredThenPbx(PBX_NAPTR, "");
        Sipp.Result call = call("device-call-plain-uac.xml");
        assertThat(call.allCallsSucceeded()).as(call.output() + "\n--- PBX ---\n" + pbx.trace() + "\n--- DNS ---\n" + dns.log()).isTrue();
        assertThat(pbx.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK", "BYE");
        assertThat(dns.queriesFor(PBX_NAPTR)).as("NAPTR").isPositive();
        assertThat(dns.queriesFor(SRV)).as("the SRV the NAPTR points at").isPositive();
        assertThat(midreg.calls().stats().inDialogToUpstream.sum()).isEqualTo(1);
    }

    @Test
    void aContactWhoseNameDoesNotExistGetsTheByeA404() throws Exception {
        SippUas pbx = registeredThenPbx("nosuch." + DNS_DOMAIN, ":5060");
        Sipp.Result call = call("device-bye-unresolvable-uac.xml");
        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        assertThat(pbx.requests()).extracting(SippUas.Received::method).containsExactly("INVITE");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.inDialogRefused.sum()).as("the BYE").isEqualTo(1);
        assertThat(stats.inDialogToUpstream.sum()).isZero();
    }
}
