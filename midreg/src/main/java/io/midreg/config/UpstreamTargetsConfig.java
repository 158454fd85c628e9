package io.midreg.config;

import io.midreg.upstream.targets.Candidate;
import io.midreg.upstream.targets.HostPort;
import io.midreg.upstream.targets.TargetSpec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks {@code upstream.targets}, {@code upstream.domain}, {@code upstream.dns.server} and
 * {@code upstream.advertise}; each problem names its key (and list item) so the error has its line.
 */
final class UpstreamTargetsConfig {
    /** Labels of letters, digits, '-' and '_' (for _sip-style names), dot-separated, an optional final dot. */
    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.?");

    /**
     * @param targets   the configured targets, addresses resolved (empty when none)
     * @param domain    the domain to resolve, or null
     * @param dnsServer the resolver to ask, or null for the system's
     * @param advertise how midreg names itself upstream, or null to derive it
     */
    record Parsed(List<Candidate> targets, String domain, InetSocketAddress dnsServer, HostPort advertise) {
    }

    private UpstreamTargetsConfig() {
    }

    /** The checked keys, or null when any of them is wrong (the errors say which). */
    static Parsed parse(UpstreamSection u, ConfigErrors errors) {
        boolean ok = true;
        List<Candidate> targets = new ArrayList<>();
        if (u.targets() != null) {
            if (u.target() != null) {
                errors.add(List.of("upstream", "targets"), "cannot be given with upstream.target: list every target under upstream.targets");
                ok = false;
            }
            if (u.targets().isEmpty() && u.domain() == null) {
                errors.add(List.of("upstream", "targets"), "must list at least one host:port[;priority=N][;weight=W]");
                ok = false;
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < u.targets().size(); i++) {
                List<Object> key = List.of("upstream", "targets", i);
                try {
                    TargetSpec spec = TargetSpec.parse(u.targets().get(i));
                    InetSocketAddress a = new InetSocketAddress(spec.host(), spec.port());
                    if (a.isUnresolved()) {
                        errors.add(key, "cannot resolve '" + spec.host() + "'");
                        ok = false;
                    } else if (!names.add(spec.name())) {
                        errors.add(key, "lists " + spec.name() + " a second time");
                        ok = false;
                    } else {
                        targets.add(new Candidate(spec.name(), a, spec.priority(), spec.weight()));
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(key, e.getMessage());
                    ok = false;
                }
            }
        }
        String domain = null;
        if (u.domain() != null) {
            if (!DOMAIN.matcher(u.domain()).matches() || u.domain().indexOf(':') >= 0) {
                errors.add(List.of("upstream", "domain"), "must be a DNS name (e.g. example.com), not '" + u.domain() + "'");
                ok = false;
            } else {
                domain = u.domain();
            }
        }
        InetSocketAddress dnsServer = null;
        if (u.dns() != null && u.dns().server() != null) {
            try {
                HostPort hp = HostPort.parse(u.dns().server(), 53);
                dnsServer = new InetSocketAddress(hp.host(), hp.port());
                if (dnsServer.isUnresolved()) {
                    errors.add(List.of("upstream", "dns", "server"), "cannot resolve '" + hp.host() + "'");
                    ok = false;
                }
            } catch (IllegalArgumentException e) {
                errors.add(List.of("upstream", "dns", "server"), e.getMessage());
                ok = false;
            }
        }
        HostPort advertise = null;
        if (u.advertise() != null) {
            try {
                advertise = HostPort.parse(u.advertise(), 0);
            } catch (IllegalArgumentException e) {
                errors.add(List.of("upstream", "advertise"), e.getMessage() + " (host:port midreg is reached at by the upstream)");
                ok = false;
            }
        }
        return ok ? new Parsed(List.copyOf(targets), domain, dnsServer, advertise) : null;
    }
}
