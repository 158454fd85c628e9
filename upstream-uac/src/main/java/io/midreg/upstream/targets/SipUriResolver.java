package io.midreg.upstream.targets;

import io.midreg.sip.transport.TransportProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Name;

/**
 * Locates the next hop a SIP URI names by a DNS name (RFC 3263 §4), with the same dnsjava
 * resolver as the upstream targets ({@link DnsQueries}):
 * <ul>
 *   <li>an explicit port: the host's A/AAAA on that port, the URI's transport (UDP; TLS for sips);</li>
 *   <li>an explicit transport: the SRV records of that transport, else A/AAAA on its default port;</li>
 *   <li>neither: NAPTR (SIP+D2U, SIP+D2T, SIPS+D2T; only SIPS+D2T for sips) by order and
 *       preference, each pointing at SRV records; without NAPTR the SRV records of each
 *       transport midreg speaks (UDP, TCP, TLS; TLS only for sips); without SRV A/AAAA on 5060
 *       over UDP (5061 over TLS for sips).</li>
 * </ul>
 * Blocking: run by {@link NextHopNames} off the event loops.
 */
public final class SipUriResolver implements NextHopNames.Lookup {
    private final DnsQueries dns;

    /** @param server the DNS server to ask (host:port), or null for the system's */
    public SipUriResolver(InetSocketAddress server, Duration timeout, RandomGenerator random) throws IOException {
        this.dns = new DnsQueries(server, timeout, random);
    }

    /** The name does not exist, or has no record that leads to an address (RFC 3263: no target). */
    public static final class NotFound extends IOException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The next hops in the order to try, and the least TTL of what they came from. */
    public record Found(List<NextHop> hops, long ttlSeconds) {
        public Found {
            hops = List.copyOf(hops);
        }
    }

    @Override
    public Found locate(NameQuery q) throws IOException {
        Name host = DnsQueries.name(q.host());
        if (q.port() > 0) {
            TransportProtocol t = q.transport() != null ? q.transport() : q.sips() ? TransportProtocol.TLS : TransportProtocol.UDP;
            return addressesOn(host, t, q.port());
        }
        if (q.transport() != null) {
            Found viaSrv = srv(DnsQueries.srvName(q.transport(), host), q.transport(), Long.MAX_VALUE);
            return viaSrv != null ? viaSrv : addressesOn(host, q.transport(), q.transport().defaultPort());
        }
        Found viaNaptr = naptr(host, q.sips());
        if (viaNaptr != null) return viaNaptr;
        List<NextHop> hops = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        List<TransportProtocol> order = q.sips() ? List.of(TransportProtocol.TLS)
                : List.of(TransportProtocol.UDP, TransportProtocol.TCP, TransportProtocol.TLS);
        for (TransportProtocol t : order) {
            Found f = srv(DnsQueries.srvName(t, host), t, Long.MAX_VALUE);
            if (f == null) continue;
            hops.addAll(f.hops());
            ttl = Math.min(ttl, f.ttlSeconds());
        }
        if (!hops.isEmpty()) return new Found(hops, ttl);
        TransportProtocol t = q.sips() ? TransportProtocol.TLS : TransportProtocol.UDP;
        return addressesOn(host, t, t.defaultPort());
    }

    /** NAPTR records of services midreg speaks, by order then preference, each followed to its SRV records; null when none lead anywhere. */
    private Found naptr(Name host, boolean sips) throws IOException {
        List<NAPTRRecord> records = new ArrayList<>(dns.naptr(host));
        records.sort(Comparator.comparingInt(NAPTRRecord::getOrder).thenComparingInt(NAPTRRecord::getPreference));
        List<NextHop> hops = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (NAPTRRecord n : records) {
            TransportProtocol t = service(n.getService(), sips);
            if (t == null || !"s".equalsIgnoreCase(n.getFlags())) continue;
            Found f = srv(n.getReplacement(), t, n.getTTL());
            if (f == null) continue;
            hops.addAll(f.hops());
            ttl = Math.min(ttl, f.ttlSeconds());
        }
        return hops.isEmpty() ? null : new Found(hops, ttl);
    }

    /** The transport of a NAPTR service field (RFC 3263 §4.1), or null for one midreg does not speak. */
    static TransportProtocol service(String service, boolean sips) {
        if ("SIPS+D2T".equalsIgnoreCase(service)) return TransportProtocol.TLS;
        if (sips) return null;
        if ("SIP+D2U".equalsIgnoreCase(service)) return TransportProtocol.UDP;
        if ("SIP+D2T".equalsIgnoreCase(service)) return TransportProtocol.TCP;
        return null;
    }

    /** The SRV records of {@code name} as next hops over {@code t}; null when there are none. */
    private Found srv(Name name, TransportProtocol t, long ttlSoFar) throws IOException {
        DnsQueries.Srv s = dns.srv(name);
        if (s.candidates().isEmpty()) return null;
        List<NextHop> hops = new ArrayList<>(s.candidates().size());
        for (Candidate c : s.candidates()) hops.add(new NextHop(t, c.address()));
        return new Found(hops, Math.min(ttlSoFar, s.ttl()));
    }

    private Found addressesOn(Name host, TransportProtocol t, int port) throws IOException {
        DnsQueries.Addresses a = dns.addresses(host);
        if (a.list().isEmpty()) throw new NotFound(a.nameExists() ? "no A/AAAA for " + host : host + " does not exist");
        List<NextHop> hops = new ArrayList<>(a.list().size());
        for (InetAddress ip : a.list()) hops.add(new NextHop(t, new InetSocketAddress(ip, port)));
        return new Found(hops, a.ttl());
    }
}
