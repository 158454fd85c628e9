package io.midreg.config;

/**
 * The checked {@code nat:} settings.
 *
 * @param stunEnabled whether the UDP SIP ports answer STUN Binding requests, the keep-alives of
 *                    RFC 5626 §8 devices send on their SIP flow
 */
public record NatSettings(boolean stunEnabled) {

    static NatSettings of(MidregConfig c) {
        NatSection nat = c.nat();
        NatSection.StunSection stun = nat == null ? null : nat.stun();
        return new NatSettings(stun == null || stun.enabled() == null || stun.enabled());
    }
}
