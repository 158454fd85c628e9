package io.midreg.config;

/**
 * The {@code nat:} section: how midreg keeps devices behind NATs reachable.
 *
 * @param stun the STUN keep-alive responder on the UDP SIP ports
 */
public record NatSection(StunSection stun) {

    /**
     * {@code nat.stun}.
     *
     * @param enabled answer STUN Binding requests on the UDP SIP ports (RFC 5626 §8)
     */
    public record StunSection(Boolean enabled) {
    }
}
