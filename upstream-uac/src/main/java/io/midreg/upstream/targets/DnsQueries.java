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
 * The DNS look-ups RFC 3263 is made of, over one dnsjava resolver: SRV records ordered per RFC
 * 2782 with each target's address, a host's A then AAAA addresses, NAPTR records. No cache here:
 * every call asks the server (the callers cache on the TTL). Blocking: never on an event loop.
 */
final class DnsQueries {
    /** What a look-up found: the answers and the least TTL of the records they came from. */
    record Addresses(List<InetAddress> list, long ttl, boolean nameExists) {
    }

    /** SRV targets with their addresses, in RFC 2782 order; {@code nameExists} false when the SRV name does not exist. */
    record Srv(List<Candidate> candidates, long ttl) {
    }

    private final Resolver resolver;
    private final RandomGenerator random;

    /** @param server the DNS server to ask (host:port), or null for the system's ({@code /etc/resolv.conf}) */
    DnsQueries(InetSocketAddress server, Duration timeout, RandomGenerator random) throws IOException {
        Resolver r = server == null ? new ExtendedResolver() : new SimpleResolver(server);
        r.setTimeout(timeout);
        this.resolver = r;
        this.random = random;
    }

    static Name name(String domain) {
        try {
            return Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a domain name: '" + domain + "'");
        }
    }

    /** The SRV owner name for a transport: {@code _sip._udp.domain.} and so on. */
    static Name srvName(TransportProtocol protocol, Name domain) throws IOException {
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

    /**
     * The SRV records of {@code srv} as candidates (a target's first address), RFC 2782 order; empty
     * when there are none.
     *
     * @throws IOException when the server failed or every target lacks an address
     */
    Srv srv(Name srv) throws IOException {
        Lookup srvLookup = lookup(srv, Type.SRV);
        Record[] srvRecords = srvLookup.run();
        if (srvLookup.getResult() == Lookup.TRY_AGAIN || srvLookup.getResult() == Lookup.UNRECOVERABLE) {
            throw new IOException("SRV " + srv + ": " + srvLookup.getErrorString());
        }
        if (srvRecords == null || srvRecords.length == 0) return new Srv(List.of(), Long.MAX_VALUE);
        long ttl = Long.MAX_VALUE;
        List<Candidate> found = new ArrayList<>();
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
        return new Srv(Rfc2782Order.order(found, random), ttl);
    }

    /** A records, then AAAA: IPv4 first, as midreg's listeners mostly are. */
    Addresses addresses(Name host) throws IOException {
        List<InetAddress> out = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        String error = null;
        boolean exists = false;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Lookup l = lookup(host, type);
            Record[] rs = l.run();
            // A server that refuses AAAA while it gives A is common: only fail when no address came at all.
            if (l.getResult() == Lookup.TRY_AGAIN || l.getResult() == Lookup.UNRECOVERABLE) error = Type.string(type) + " " + host + ": " + l.getErrorString();
            if (l.getResult() != Lookup.HOST_NOT_FOUND) exists = true;
            if (rs == null) continue;
            for (Record r : rs) {
                ttl = Math.min(ttl, r.getTTL());
                if (r instanceof ARecord a) out.add(a.getAddress());
                else if (r instanceof AAAARecord a) out.add(a.getAddress());
            }
        }
        if (out.isEmpty() && error != null) throw new IOException(error);
        return new Addresses(out, ttl, exists);
    }

    /** The NAPTR records of {@code host} (none when it has none or does not exist). */
    List<org.xbill.DNS.NAPTRRecord> naptr(Name host) throws IOException {
        Lookup l = lookup(host, Type.NAPTR);
        Record[] rs = l.run();
        if (l.getResult() == Lookup.TRY_AGAIN || l.getResult() == Lookup.UNRECOVERABLE) {
            throw new IOException("NAPTR " + host + ": " + l.getErrorString());
        }
        List<org.xbill.DNS.NAPTRRecord> out = new ArrayList<>();
        if (rs != null) for (Record r : rs) if (r instanceof org.xbill.DNS.NAPTRRecord n) out.add(n);
        return out;
    }

    private Lookup lookup(Name name, int type) {
        Lookup l = new Lookup(name, type);
        l.setResolver(resolver);
        l.setCache(null); // a fresh answer each time: the callers re-resolve on the TTL
        l.setSearchPath((Name[]) null);
        return l;
    }
}
