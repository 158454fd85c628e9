package io.midreg.upstream.targets;

import io.midreg.sip.transport.TransportProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

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
    private final Resolver resolver;
    private final RandomGenerator random;

    /**
     * @param server the DNS server to ask (host:port), or null for the system's ({@code /etc/resolv.conf})
     */
    public Rfc3263Resolver(String domain, TransportProtocol protocol, InetSocketAddress server, Duration timeout, RandomGenerator random)
            throws IOException {
        try {
            this.domain = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a domain name: '" + domain + "'");
        }
        this.protocol = protocol;
        Resolver r = server == null ? new ExtendedResolver() : new SimpleResolver(server);
        r.setTimeout(timeout);
        this.resolver = r;
        this.random = random;
    }

    /** The SRV owner name for the transport: {@code _sip._udp.domain.} and so on. */
    Name srvName() throws IOException {
        String prefix = switch (protocol) {
            case UDP -> "_sip._udp";
            case TCP -> "_sip._tcp";
            case TLS -> "_sips._tcp";
        };
        try {
            return Name.concatenate(Name.fromString(prefix), domain);
        } catch (org.xbill.DNS.NameTooLongException e) {
            throw new IOException("domain too long for " + prefix + ": " + domain, e);
        }
    }

    @Override
    public Resolution resolve() throws IOException {
        Name srv = srvName();
        Lookup srvLookup = lookup(srv, Type.SRV);
        Record[] srvRecords = srvLookup.run();
        if (srvLookup.getResult() == Lookup.TRY_AGAIN || srvLookup.getResult() == Lookup.UNRECOVERABLE) {
            throw new IOException("SRV " + srv + ": " + srvLookup.getErrorString());
        }
        long ttl = Long.MAX_VALUE;
        List<Candidate> found = new ArrayList<>();
        if (srvRecords != null && srvRecords.length > 0) {
            for (Record rec : srvRecords) {
                SRVRecord s = (SRVRecord) rec;
                ttl = Math.min(ttl, s.getTTL());
                if (s.getTarget().equals(Name.root)) continue; // "." : the service is decidedly not offered there (RFC 2782)
                Addresses a = addresses(s.getTarget());
                if (a.list().isEmpty()) continue;
                ttl = Math.min(ttl, a.ttl());
                String name = s.getTarget().toString(true) + ":" + s.getPort();
                found.add(new Candidate(name, new InetSocketAddress(a.list().get(0), s.getPort()), s.getPriority(), s.getWeight()));
            }
            if (found.isEmpty()) throw new IOException("SRV " + srv + ": no target has an address");
            return new Resolution(Rfc2782Order.order(found, random), ttl);
        }
        // No SRV: the domain itself, on the transport's default port (RFC 3263 §4.2).
        Addresses a = addresses(domain);
        if (a.list().isEmpty()) throw new IOException("no SRV " + srv + " and no A/AAAA for " + domain);
        for (InetAddress ip : a.list()) {
            String name = (ip.getHostAddress().indexOf(':') >= 0 ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress()) + ":" + protocol.defaultPort();
            found.add(new Candidate(name, new InetSocketAddress(ip, protocol.defaultPort()), 1, 1));
        }
        return new Resolution(found, a.ttl());
    }

    private record Addresses(List<InetAddress> list, long ttl) {
    }

    /** A records, then AAAA: IPv4 first, as midreg's listeners mostly are. */
    private Addresses addresses(Name host) throws IOException {
        List<InetAddress> out = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        String error = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Lookup l = lookup(host, type);
            Record[] rs = l.run();
            // A server that refuses AAAA while it gives A is common: only fail when no address came at all.
            if (l.getResult() == Lookup.TRY_AGAIN || l.getResult() == Lookup.UNRECOVERABLE) error = Type.string(type) + " " + host + ": " + l.getErrorString();
            if (rs == null) continue;
            for (Record r : rs) {
                ttl = Math.min(ttl, r.getTTL());
                if (r instanceof ARecord a) out.add(a.getAddress());
                else if (r instanceof AAAARecord a) out.add(a.getAddress());
            }
        }
        if (out.isEmpty() && error != null) throw new IOException(error);
        return new Addresses(out, ttl);
    }

    private Lookup lookup(Name name, int type) {
        Lookup l = new Lookup(name, type);
        l.setResolver(resolver);
        l.setCache(null); // a fresh answer each time: the re-resolution is driven by the TTL here
        l.setSearchPath((Name[]) null);
        return l;
    }
}
