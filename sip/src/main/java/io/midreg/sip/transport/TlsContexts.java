package io.midreg.sip.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * Builds Netty TLS contexts from PEM files, always on the JDK provider (netty-tcnative/OpenSSL is
 * not shipped).
 */
final class TlsContexts {
    private TlsContexts() {
    }

    /** Server side of a TLS listener. */
    static SslContext server(TlsConfig tls) throws SSLException {
        SslContextBuilder builder = SslContextBuilder
                .forServer(tls.certificateChainPem().toFile(), tls.privateKeyPem().toFile())
                .sslProvider(SslProvider.JDK);
        if (tls.trustedCertificatesPem() != null) {
            builder.trustManager(tls.trustedCertificatesPem().toFile());
        }
        ClientAuth clientAuth = tls.requireClientAuth() ? ClientAuth.REQUIRE
                : tls.trustedCertificatesPem() != null ? ClientAuth.OPTIONAL : ClientAuth.NONE;
        return builder.clientAuth(clientAuth).build();
    }

    /**
     * Client side for connections this box opens. With {@code tls} given, its certificate is
     * offered to peers that ask for one and its trusted certificates verify the peer; without,
     * the JDK's default trust store does. The peer's certificate must match the host connected to.
     */
    static SslContext client(TlsConfig tls) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .endpointIdentificationAlgorithm("HTTPS");
        if (tls != null) {
            builder.keyManager(tls.certificateChainPem().toFile(), tls.privateKeyPem().toFile());
            if (tls.trustedCertificatesPem() != null) {
                builder.trustManager(tls.trustedCertificatesPem().toFile());
            }
        }
        return builder.build();
    }
}
