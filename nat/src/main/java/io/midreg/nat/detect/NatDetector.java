package io.midreg.nat.detect;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a device is behind a NAT (RFC 3581 §1, RFC 5626 §3). A device writes its own
 * idea of its address into Via and Contact; a NAT rewrites the packet's source but not those. So:
 * the packet came from another address or port than the Via's sent-by; or the Via or Contact
 * names an address that cannot be reached from outside its own network (RFC 1918, RFC 6598,
 * link-local, unique-local). A sent-by or Contact that is a domain name is no evidence either
 * way: comparing it would need a look-up.
 */
public final class NatDetector {
    private NatDetector() {
    }

    public static NatVerdict classify(NatEvidence e) {
        List<NatReason> reasons = new ArrayList<>(2);
        Optional<InetAddress> sentBy = IpLiteral.parse(e.viaHost());
        InetAddress source = e.source().getAddress();
        if (sentBy.isPresent() && !sentBy.get().equals(source)) {
            reasons.add(new NatReason(NatRule.SOURCE_ADDRESS_DIFFERS_FROM_VIA,
                    "sent from " + source.getHostAddress() + ", Via says " + sentBy.get().getHostAddress()));
        }
        int viaPort = e.viaPort() >= 0 ? e.viaPort() : e.transport().defaultPort();
        if (viaPort != e.source().getPort()) {
            reasons.add(new NatReason(NatRule.SOURCE_PORT_DIFFERS_FROM_VIA,
                    "sent from port " + e.source().getPort() + ", Via says " + viaPort));
        }
        scope(sentBy).filter(AddressScope::impliesNat).ifPresent(s -> reasons.add(new NatReason(NatRule.VIA_ADDRESS_NOT_PUBLIC,
                "Via " + sentBy.get().getHostAddress() + " is " + s)));
        Optional<InetAddress> contact = IpLiteral.parse(e.contactHost());
        scope(contact).filter(AddressScope::impliesNat).ifPresent(s -> reasons.add(new NatReason(NatRule.CONTACT_ADDRESS_NOT_PUBLIC,
                "Contact " + contact.get().getHostAddress() + " is " + s)));
        return new NatVerdict(reasons);
    }

    private static Optional<AddressScope> scope(Optional<InetAddress> address) {
        return address.map(AddressScope::of);
    }
}
