package io.midreg.config;

/**
 * One SIP listener.
 *
 * @param transport   udp, tcp or tls
 * @param host        address to bind (default 127.0.0.1)
 * @param port        port (default 5060, 5061 for tls; 0 picks a free one)
 * @param certificate PEM certificate chain (tls only)
 * @param privateKey  PEM private key (tls only)
 */
public record ListenerSection(String transport, String host, Integer port, String certificate, String privateKey) {
}
