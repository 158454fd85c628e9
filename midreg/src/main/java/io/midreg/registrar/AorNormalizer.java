package io.midreg.registrar;

import io.midreg.sip.uri.PercentCodec;
import io.midreg.sip.uri.SipUri;
import io.midreg.sip.uri.Uri;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The address-of-record of a REGISTER, from its To URI (RFC 3261 §10.3 step 5): always the
 * {@code sip:} scheme, the user part decoded and re-escaped canonically (so {@code al%69ce} and
 * {@code alice} are one AOR), the host in lower case and mapped through the domain aliases;
 * no port, parameters or headers. A To that is not a SIP or SIPS URI has no AOR (400).
 */
public final class AorNormalizer {
    private final Map<String, String> aliases;

    /** @param aliases domain (lower case) → canonical domain */
    public AorNormalizer(Map<String, String> aliases) {
        this.aliases = Map.copyOf(aliases);
    }

    public Optional<String> aorOf(Uri to) {
        if (!(to instanceof SipUri u)) return Optional.empty();
        String host = u.host().toLowerCase(Locale.ROOT);
        host = aliases.getOrDefault(host, host);
        StringBuilder b = new StringBuilder(48).append("sip:");
        if (u.user() != null) {
            b.append(PercentCodec.encode(u.userDecoded(), PercentCodec.CharClass.USER)).append('@');
        }
        return Optional.of(b.append(host).toString());
    }
}
