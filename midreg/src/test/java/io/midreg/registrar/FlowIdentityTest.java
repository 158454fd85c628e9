package io.midreg.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.store.Binding;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowIdentityTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5060);

    private static Binding at(String host, int port, String transport, String flowId) {
        return new Binding("sip:a@192.0.2.1", null, 0, host, port, transport, flowId, List.of(), "cid", 1, 0, -1, null, 0, 0);
    }

    private static Flow udp(String host, int port) {
        return Flow.udp(LOCAL, new InetSocketAddress(host, port));
    }

    @Test
    void theStoredFlowIsRecognisedWhateverTheCaseOfItsTransport() {
        Flow f = udp("192.0.2.7", 40000);
        assertThat(FlowIdentity.sameFlow(at("192.0.2.7", 40000, "udp", null), f)).isTrue();
        assertThat(FlowIdentity.sameFlow(at(FlowIdentity.host(f), 40000, FlowIdentity.transport(f), FlowIdentity.flowId(f)), f)).isTrue();
        assertThat(FlowIdentity.sameFlow(at("192.0.2.7", 40000, "UDP", null), f)).isTrue();
    }

    @Test
    void anotherHostPortOrTransportIsAnotherFlow() {
        Flow f = udp("192.0.2.7", 40000);
        assertThat(FlowIdentity.sameFlow(at("192.0.2.8", 40000, "udp", null), f)).isFalse();
        assertThat(FlowIdentity.sameFlow(at("192.0.2.7", 40001, "udp", null), f)).isFalse();
        assertThat(FlowIdentity.sameFlow(at("192.0.2.7", 40000, "tcp", null), f)).isFalse();
        assertThat(FlowIdentity.sameFlow(at("7.2.0.192", 40000, "udp", null), f)).isFalse();
        assertThat(FlowIdentity.sameFlow(at("host.example", 40000, "udp", null), f)).isFalse();
    }

    @Test
    void ipv6AndConnectionsCompareExactly() {
        Flow v6 = udp("::1", 5062);
        assertThat(FlowIdentity.sameFlow(at(FlowIdentity.host(v6), 5062, "udp", null), v6)).isTrue();
        assertThat(FlowIdentity.sameFlow(at("127.0.0.1", 5062, "udp", null), v6)).isFalse();

        Flow tcp = new Flow(TransportProtocol.TCP, LOCAL, new InetSocketAddress("192.0.2.7", 40000), 42);
        assertThat(FlowIdentity.sameFlow(at("192.0.2.7", 40000, "tcp", "42"), tcp)).isTrue();
        assertThat(FlowIdentity.sameFlow(at("192.0.2.7", 40000, "tcp", "43"), tcp)).isFalse();
        assertThat(FlowIdentity.sameFlow(at("192.0.2.7", 40000, "tcp", null), tcp)).isFalse();
        assertThat(FlowIdentity.sameFlow(at("192.0.2.7", 40000, "udp", "42"), udp("192.0.2.7", 40000))).isFalse();
    }

    @Test
    void dottedQuadsParseAndNothingElseDoes() {
        assertThat(FlowIdentity.dottedQuad("192.0.2.7")).isEqualTo(0xC0000207L);
        assertThat(FlowIdentity.dottedQuad("255.255.255.255")).isEqualTo(0xFFFFFFFFL);
        assertThat(FlowIdentity.dottedQuad("0.0.0.0")).isZero();
        for (String bad : new String[] {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.", ".1.2.3", "a.b.c.d", "::1", "1.2.3.4 "}) {
            assertThat(FlowIdentity.dottedQuad(bad)).as(bad).isEqualTo(-1);
        }
    }
}
