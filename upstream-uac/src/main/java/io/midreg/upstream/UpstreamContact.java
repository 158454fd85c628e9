package io.midreg.upstream;

/**
 * One Contact midreg registers upstream: the token that maps it back, and the lifetime asked for
 * (0 removes it).
 */
public record UpstreamContact(String token, long expiresSeconds) {
}
