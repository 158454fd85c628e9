package io.midreg.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class TransportConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        TransportConfig config = TransportConfig.defaults();
        assertThat(config.maxMessageSize()).isEqualTo(65535);
        assertThat(config.incompleteMessageTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.idleConnectionTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(config.eventLoops()).isZero();
        assertThat(config.effectiveEventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.udpReceiveBufferBytes()).isZero();
        assertThat(config.preferNativeTransport()).isTrue();
        assertThat(config.listeners()).extracting(ListenerConfig::protocol)
                .containsExactly(TransportProtocol.UDP, TransportProtocol.TCP);
    }

    @Test
    void invalidValuesAreRejectedNamingTheField() {
        TransportConfig config = TransportConfig.defaults();
        assertThatThrownBy(() -> config.withEventLoops(-1)).hasMessageContaining("eventLoops");
        assertThatThrownBy(() -> config.withMaxMessageSize(10)).hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> config.withIncompleteMessageTimeout(Duration.ZERO))
                .hasMessageContaining("incompleteMessageTimeout");
        assertThatThrownBy(() -> config.withIdleConnectionTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("idleConnectionTimeout");
        assertThatThrownBy(() -> config.withUdpReceiveBufferBytes(-5)).hasMessageContaining("udpReceiveBufferBytes");
        assertThatThrownBy(() -> config.withListeners(null)).hasMessageContaining("listeners");
        assertThat(config.withIdleConnectionTimeout(Duration.ZERO).idleConnectionTimeout()).isZero();
    }

    @Test
    void listenerConfigRequiresTlsMaterialExactlyForTls() {
        TlsConfig tls = new TlsConfig(Path.of("cert.pem"), Path.of("key.pem"), null, false);
        assertThatThrownBy(() -> new ListenerConfig(TransportProtocol.TLS, "127.0.0.1", 5061, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls");
        assertThatThrownBy(() -> new ListenerConfig(TransportProtocol.TCP, "127.0.0.1", 5060, tls))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls");
        assertThatThrownBy(() -> ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> ListenerConfig.of(TransportProtocol.UDP, " ", 5060))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThat(ListenerConfig.tls("::1", 0, tls).tls()).isEqualTo(tls);
    }

    @Test
    void transportProtocolTokensAndPorts() {
        assertThat(TransportProtocol.fromToken("udp")).isEqualTo(TransportProtocol.UDP);
        assertThat(TransportProtocol.fromToken("Tcp")).isEqualTo(TransportProtocol.TCP);
        assertThat(TransportProtocol.fromToken(new StringBuilder("TLS"))).isEqualTo(TransportProtocol.TLS);
        assertThat(TransportProtocol.fromToken("SCTP")).isNull();
        assertThat(TransportProtocol.fromToken("")).isNull();
        assertThat(TransportProtocol.fromToken(null)).isNull();
        assertThat(TransportProtocol.TLS.viaToken()).isEqualTo("TLS");
        assertThat(TransportProtocol.UDP.reliable()).isFalse();
        assertThat(TransportProtocol.TCP.reliable()).isTrue();
        assertThat(List.of(TransportProtocol.values())).extracting(TransportProtocol::defaultPort)
                .containsExactly(5060, 5060, 5061);
    }

    @Test
    void flowConnectionIdMatchesItsProtocol() {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 5060);
        InetSocketAddress b = new InetSocketAddress("127.0.0.1", 40000);
        assertThat(Flow.udp(a, b)).isEqualTo(new Flow(TransportProtocol.UDP, a, b, 0));
        assertThatThrownBy(() -> new Flow(TransportProtocol.UDP, a, b, 3)).hasMessageContaining("connectionId");
        assertThatThrownBy(() -> new Flow(TransportProtocol.TCP, a, b, 0)).hasMessageContaining("connectionId");
        assertThat(new Flow(TransportProtocol.TCP, a, b, 1)).isNotEqualTo(new Flow(TransportProtocol.TCP, a, b, 2));
    }
}
