package io.midreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.Sipp;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The appliance started from a config, probed by SIPp over UDP and TCP on loopback. */
@Timeout(60)
class MidregServerTest {
    private static MidregServer server;

    @BeforeAll
    static void start() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("midreg-server");
        server = new MidregServer(LoadedConfig.parse("test.yaml", """
                sip:
                  listeners:
                    - transport: udp
                      host: 127.0.0.1
                      port: 0
                    - transport: tcp
                      host: 127.0.0.1
                      port: 0
                upstream:
                  target: 127.0.0.1:9
                  tokenSecret: test-secret-0123456789
                admin:
                  listen: 127.0.0.1:0
                store:
                  file: %s
                  capacity: 100
                """.formatted(dir.resolve("s.store"))));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static InetSocketAddress address(TransportProtocol p) {
        return server.listeners().stream().filter(l -> l.config().protocol() == p).map(BoundListener::address).findFirst().orElseThrow();
    }

    @Test
    void sippOptionsOverUdpGets200() throws Exception {
        Sipp.Result r = Sipp.run("options-uac.xml", address(TransportProtocol.UDP), "u1", 50, 200, 20);
        assertThat(r.allCallsSucceeded()).as(r.output()).isTrue();
        assertThat(server.stack().stats().requests()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void sippOptionsOverTcpGets200() throws Exception {
        Sipp.Result r = Sipp.run("options-uac.xml", address(TransportProtocol.TCP), "t1", 50, 200, 20);
        assertThat(r.allCallsSucceeded()).as(r.output()).isTrue();
    }

    @Test
    void aWildcardListenerNamesItselfByTheAddressThatRoutesToTheUpstream() throws Exception {
        assertThat(MidregServer.sourceAddressTowards(new InetSocketAddress("127.0.0.1", 5070))).isEqualTo("127.0.0.1");
        assertThat(MidregServer.sourceAddressTowards(new InetSocketAddress("127.0.0.2", 5070))).startsWith("127.");
        assertThat(MidregServer.sourceAddressTowards(new InetSocketAddress("::1", 5070))).isEqualTo("0:0:0:0:0:0:0:1");
    }
}
