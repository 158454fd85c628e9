package io.midreg.upstream.targets;

import io.midreg.sip.transport.TransportProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Name;

/**
 * The upstream targets of a SIP domain as RFC 3263 §4 finds them for a known transport: the SRV
 * records of {@code _sip._udp}, {@code _sip._tcp} or {@code _sips._tcp} (ordered per RFC 2782),
 * each target's address (A, else AAAA; the first one); with no SRV records, the domain's own
 * A/AAAA records on the transport's default port. NAPTR is not looked up: the transport is
 * configured ({@code upstream.transport}), which is when RFC 3263 lets a client go to SRV
 * directly. Nothing is cached here: every call asks the resolver, and the caller re-asks on the TTL.
 */
public final class Rfc3263Resolver implements TargetResolver {
    private final Name domain;
    private final TransportProtocol protocol;
    private final DnsQueries dns;

    /**
     * @param server the DNS server to ask (host:port), or null for the system's ({@code /etc/resolv.conf})
     */
    public Rfc3263Resolver(String domain, TransportProtocol protocol, InetSocketAddress server, Duration timeout, RandomGenerator random)
            throws IOException {
        this.domain = DnsQueries.name(domain);
        this.protocol = protocol;
        this.dns = new DnsQueries(server, timeout, random);
    }

    /** The SRV owner name for the transport: {@code _sip._udp.domain.} and so on. */
    Name srvName() throws IOException {
        return DnsQueries.srvName(protocol, domain);
    }

    @Override
    public Resolution resolve() throws IOException {
        Name srv = srvName();
        DnsQueries.Srv found = dns.srv(srv);
        if (!found.candidates().isEmpty()) return new Resolution(found.candidates(), found.ttl());
        // No SRV: the domain itself, on the transport's default port (RFC 3263 §4.2).
        DnsQueries.Addresses a = dns.addresses(domain);
        if (a.list().isEmpty()) throw new IOException("no SRV " + srv + " and no A/AAAA for " + domain);
        List<Candidate> candidates = new ArrayList<>();
        for (InetAddress ip : a.list()) {
            String name = (ip.getHostAddress().indexOf(':') >= 0 ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress()) + ":" + protocol.defaultPort();
            candidates.add(new Candidate(name, new InetSocketAddress(ip, protocol.defaultPort()), 1, 1));
        }
        return new Resolution(candidates, a.ttl());
    }
}
