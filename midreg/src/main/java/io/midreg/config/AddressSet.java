package io.midreg.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A set of IP addresses given as literals or CIDR prefixes ({@code 10.0.0.0/8}, {@code 2001:db8::/32}),
 * asked on every request: a linear scan of a few prefixes, no allocation, no name look-up. Immutable.
 */
public final class AddressSet {
    public static final AddressSet NONE = new AddressSet(List.of());

    private record Prefix(byte[] network, int bits) {
        boolean contains(byte[] a) {
            if (a.length != network.length) return false;
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) return false;
            }
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Prefix> prefixes;

    private AddressSet(List<Prefix> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        for (Prefix p : prefixes) {
            if (p.contains(a)) return true;
        }
        return false;
    }

    public boolean isEmpty() {
        return prefixes.isEmpty();
    }

    /**
     * Parses {@code values}; a bad entry is reported to {@code errors} under {@code key} and left out.
     * Only IP literals are accepted (a name would need a look-up on the request path).
     */
    static AddressSet parse(List<String> values, List<Object> key, ConfigErrors errors) {
        if (values == null) return NONE;
        java.util.ArrayList<Prefix> out = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i) == null ? "" : values.get(i).trim();
            List<Object> at = new java.util.ArrayList<>(key);
            at.add(i);
            int slash = v.indexOf('/');
            String host = slash < 0 ? v : v.substring(0, slash);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            if (host.isEmpty() || !host.chars().allMatch(c -> c == '.' || c == ':' || Character.digit(c, 16) >= 0)) {
                errors.add(at, "must be an IP address or CIDR prefix, not '" + v + "'");
                continue;
            }
            byte[] network;
            try {
                network = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                errors.add(at, "must be an IP address or CIDR prefix, not '" + v + "'");
                continue;
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(v.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > network.length * 8) {
                    errors.add(at, "prefix length must be within 0.." + network.length * 8 + ", in '" + v + "'");
                    continue;
                }
            }
            out.add(new Prefix(network, bits));
        }
        return new AddressSet(out);
    }
}
