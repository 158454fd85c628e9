package io.midreg.config;

/**
 * The {@code admin:} section: the admin HTTP API (JSON, /metrics, /health).
 *
 * @param listen    host:port to bind (default 127.0.0.1:9070; port 0 picks a free one)
 * @param token     bearer token; required when {@code listen} is not a loopback address
 * @param tokenFile a file holding the token (alternative to {@code token})
 */
public record AdminSection(String listen, String token, String tokenFile) {
}
