package io.midreg.sip.transport;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS material for a listener, and for the connections this box opens itself.
 *
 * @param certificateChainPem PEM certificate chain presented to peers (leaf first)
 * @param privateKeyPem PEM private key of the leaf certificate (unencrypted PKCS#8)
 * @param trustedCertificatesPem PEM certificates to trust when verifying peers; {@code null} means
 *     the JDK's default trust store
 * @param requireClientAuth whether a connecting peer must present a certificate
 */
public record TlsConfig(
        Path certificateChainPem, Path privateKeyPem, Path trustedCertificatesPem, boolean requireClientAuth) {

    public TlsConfig {
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }
}
