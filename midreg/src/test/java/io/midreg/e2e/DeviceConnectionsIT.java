package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.server.MidregServer;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.DeviceDialog;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.RegisteredContact;
import io.midreg.testing.Sipp;
import io.midreg.testing.TestDevice;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The TCP connections of registered devices outlive the transport's idle time-out (RFC 5626
 * §3.3: a device behind a NAT is reached only on the connection it opened), with real sockets:
 * midreg with {@code sip.idleConnectionTimeout: 2} in front of a Kamailio. A device registered
 * over TCP keeps its connection past several idle time-outs and is still answered on it; a
 * connection nobody registered on is closed at the idle time-out; a connection whose only
 * binding expired is closed once it is idle; a device whose connection sat idle for several
 * time-outs gets a PBX's INVITE on it; with {@code sip.deviceConnections: idleTimeout}
 * a registered device's connection is closed like any other.
 */
@Timeout(90)
class DeviceConnectionsIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final Duration IDLE = Duration.ofSeconds(2);
    /** Longest wait for a close that should come at the idle time-out (or one later when a binding went first). */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(10);

    private final Cleanup started = new Cleanup();
    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private InetSocketAddress tcp;

    private void start(String deviceConnections) throws Exception {
        kamailio = started.add(KamailioRegistrar.start(KamailioOptions.withoutAuth().minExpires(1)));
        midreg = CallsTestBed.midreg(started, kamailio.address().getPort(),
                c -> c.registrar("minExpires", 1).listener("tcp")
                        .sip("idleConnectionTimeout", IDLE.toSeconds()).sip("deviceConnections", deviceConnections), "");
        tcp = CallsTestBed.address(midreg, TransportProtocol.TCP);
    }

    @AfterEach
    void stop() throws Exception {
        started.close();
    }

    /** A TCP device of {@code user} registered through midreg for {@code expires} seconds, on the connection it keeps. */
    private TestDevice registered(String user, long expires) throws Exception {
        TestDevice device = started.add(new TestDevice("tcp", tcp, user, DOMAIN, "pw"));
        assertThat(device.register(expires).status()).isEqualTo(200);
        return device;
    }

    private long connectionsOpened() {
        return midreg.stack().transport().stats().connectionsOpened();
    }

    private int openConnections() {
        return midreg.stack().transport().stats().connectionsOpen();
    }

    /** Waits at most {@link #CLOSE_BOUND} for midreg to have {@code n} connections open; returns how many it has. */
    private int awaitOpenConnections(int n) throws InterruptedException {
        long deadline = System.nanoTime() + CLOSE_BOUND.toNanos();
        while (openConnections() != n && System.nanoTime() < deadline) Thread.sleep(100);
        return openConnections();
    }

    @Test
    void aRegisteredDevicesConnectionOutlivesTheIdleTimeoutAndAnUnregisteredOneDoesNot() throws Exception {
        start("keepOpen");
        TestDevice device = registered("alice", 300);
        try (Socket idle = new Socket()) {
            idle.connect(tcp, 2000);
            assertThat(awaitOpenConnections(2)).isEqualTo(2);
            long connected = System.nanoTime();
            idle.setSoTimeout((int) CLOSE_BOUND.toMillis());
            InputStream in = idle.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketTimeoutException e) {
                read = -2;
            }
            assertThat(read).as("an unregistered connection is closed by midreg at the idle time-out (EOF)").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - connected)).isGreaterThanOrEqualTo(IDLE.minusMillis(200));
        }
        Thread.sleep(IDLE.multipliedBy(2).toMillis()); // the device's connection has now been idle for three time-outs
        assertThat(openConnections()).as("the registered device's connection is still open").isEqualTo(1);
        long opened = connectionsOpened();
        assertThat(device.register(300).status()).as("the device is answered on its old connection").isEqualTo(200);
        assertThat(connectionsOpened()).as("no new connection").isEqualTo(opened);
    }

    @Test
    void aDeviceWhoseConnectionWasIdleForSeveralTimeoutsStillGetsTheInviteOnIt() throws Exception {
        start("keepOpen");
        TestDevice device = registered("erin", 300);
        long opened = connectionsOpened();
        Thread.sleep(IDLE.multipliedBy(3).toMillis());
        List<RegisteredContact> upstream = kamailio.contactsOf("erin@" + DOMAIN);
        assertThat(upstream).hasSize(1);
        InetSocketAddress udp = CallsTestBed.address(midreg, TransportProtocol.UDP);
        CompletableFuture<Sipp.Result> pbx = CompletableFuture.supplyAsync(() -> {
            try {
                return Sipp.run("pbx-call-uac.xml", udp, "u1", 1, 1, 20, "-s", CallsTestBed.token(upstream.get(0)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        DeviceDialog call = DeviceDialog.awaitInvite(device.peer(), device.contact(), CLOSE_BOUND);
        call.respond(200, "OK");
        assertThat(call.awaitRequest("ACK", CLOSE_BOUND)).isNotNull();
        ReceivedMessage bye = call.awaitRequest("BYE", CLOSE_BOUND);
        assertThat(bye).isNotNull();
        call.ok(bye);
        Sipp.Result result = pbx.get(30, TimeUnit.SECONDS);
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
        assertThat(connectionsOpened()).as("on the device's own, idle connection").isEqualTo(opened);
    }

    @Test
    void aConnectionWhoseBindingExpiredIsClosed() throws Exception {
        start("keepOpen");
        TestDevice device = registered("bob", 3);
        Thread.sleep(IDLE.toMillis() + 500);
        assertThat(openConnections()).as("held open past the idle time-out while the binding lives").isEqualTo(1);
        assertThat(awaitOpenConnections(0)).as("closed after the binding expired (3 s) and an idle time-out").isZero();
    }

    @Test
    void aRemovedBindingNoLongerHoldsItsConnection() throws Exception {
        start("keepOpen");
        TestDevice device = registered("carol", 300);
        assertThat(device.unregisterAll().status()).isEqualTo(200);
        assertThat(awaitOpenConnections(0)).as("closed at an idle time-out once its binding was removed").isZero();
    }

    @Test
    void withIdleTimeoutARegisteredDevicesConnectionIsClosedLikeAnyOther() throws Exception {
        start("idleTimeout");
        TestDevice device = registered("dave", 300);
        assertThat(awaitOpenConnections(0)).isZero();
    }
}
