package io.midreg.nat.detect;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Where an address can be reached from: the public Internet, or only within some local network,
 * which a device can only write into its Via or Contact when a NAT stands between it and midreg.
 */
public enum AddressScope {
    /** Reachable from anywhere (as far as the address says). */
    PUBLIC(false),
    /** RFC 1918: 10/8, 172.16/12, 192.168/16. */
    PRIVATE(true),
    /** RFC 6598: 100.64/10, the carrier-grade NAT's inside. */
    SHARED(true),
    /** RFC 3927 169.254/16 and RFC 4291 fe80::/10: one link only. */
    LINK_LOCAL(true),
    /** RFC 4193 fc00::/7: IPv6's private space. */
    UNIQUE_LOCAL(true),
    /** 127/8 and ::1: this host. midreg's own tests run here; no NAT stands in between. */
    LOOPBACK(false);

    private final boolean behindNat;

    AddressScope(boolean behindNat) {
        this.behindNat = behindNat;
    }

    /** Whether a device writing an address of this scope must be behind a NAT to reach midreg. */
    public boolean impliesNat() {
        return behindNat;
    }

    public static AddressScope of(InetAddress address) {
        if (address.isLoopbackAddress()) return LOOPBACK;
        if (address.isLinkLocalAddress()) return LINK_LOCAL;
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            if (first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)) return PRIVATE;
            if (first == 100 && second >= 64 && second <= 127) return SHARED;
            return PUBLIC;
        }
        if (address instanceof Inet6Address && (b[0] & 0xFE) == 0xFC) return UNIQUE_LOCAL;
        return PUBLIC;
    }
}
