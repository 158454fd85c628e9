package io.midreg.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The self-signed test certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}
 * (test-scenarios/tls, see its README): what a TLS listener under test presents and what the
 * {@link SipPeer} trusts. Its key is public: tests only.
 */
public final class TestCertificate {
    private TestCertificate() {
    }

    /** The certificate, PEM. */
    public static Path cert() {
        return TestScenarios.file("tls/localhost.cert.pem");
    }

    /** Its unencrypted PKCS#8 key, PEM. */
    public static Path key() {
        return TestScenarios.file("tls/localhost.key.pem");
    }

    /** An SSLContext whose only trust anchor is the test certificate. */
    public static SSLContext trustingContext() throws IOException, GeneralSecurityException {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(cert())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("localhost", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
