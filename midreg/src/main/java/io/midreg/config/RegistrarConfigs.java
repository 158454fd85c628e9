package io.midreg.config;

import io.midreg.registrar.ExpiryPolicy;
import io.midreg.registrar.RegistrarSettings;
import io.midreg.registrar.ThrottlingMode;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.store.StoreConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import io.midreg.upstream.pacing.PacingSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the registrar, upstream and store sections into checked settings, with their defaults. */
final class RegistrarConfigs {
    private RegistrarConfigs() {
    }

    static RegistrarSettings registrar(MidregConfig c, ConfigErrors errors) {
        RegistrarSection r = c.registrar() == null ? new RegistrarSection(null, null, null, null, null, null, null, null) : c.registrar();
        UpstreamSection u = c.upstream() == null ? new UpstreamSection(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null) : c.upstream();
        ThrottlingMode mode = ThrottlingMode.CONTACT;
        if (r.mode() != null) {
            try {
                mode = ThrottlingMode.parse(r.mode());
            } catch (IllegalArgumentException e) {
                errors.add(List.of("registrar", "mode"), e.getMessage());
            }
        }
        long def = or(r.defaultExpires(), 3600L);
        long min = or(r.minExpires(), 60L);
        long max = or(r.maxExpires(), 7200L);
        ExpiryPolicy expiry = null;
        boolean clamp = false;
        if (r.belowMinExpires() != null) {
            switch (r.belowMinExpires().toLowerCase(Locale.ROOT)) {
                case "reject" -> clamp = false;
                case "clamp" -> clamp = true;
                default -> errors.add(List.of("registrar", "belowMinExpires"), "must be reject or clamp, not '" + r.belowMinExpires() + "'");
            }
        }
        try {
            expiry = new ExpiryPolicy(def, min, max, clamp);
        } catch (IllegalArgumentException e) {
            errors.add(List.of("registrar", r.minExpires() != null ? "minExpires" : r.defaultExpires() != null ? "defaultExpires" : "maxExpires"),
                    "inconsistent lifetimes: " + e.getMessage());
        }
        int maxContacts = or(r.maxContacts(), 10);
        if (maxContacts < 1 || maxContacts > 1000) errors.add(List.of("registrar", "maxContacts"), "must be within 1..1000, not " + maxContacts);
        boolean evict = false;
        if (r.maxContactsPolicy() != null) {
            switch (r.maxContactsPolicy().toLowerCase(Locale.ROOT)) {
                case "reject" -> evict = false;
                case "evict-oldest" -> evict = true;
                default -> errors.add(List.of("registrar", "maxContactsPolicy"), "must be reject or evict-oldest, not '" + r.maxContactsPolicy() + "'");
            }
        }
        long upExpires = or(u.expires(), 3600L);
        if (upExpires < 60 || upExpires > 86400) errors.add(List.of("upstream", "expires"), "must be within 60..86400, not " + upExpires);
        double margin = or(u.refreshMargin(), 0.10);
        if (margin < 0 || margin > 0.5) errors.add(List.of("upstream", "refreshMargin"), "must be within 0..0.5, not " + margin);
        double deviation = or(u.expiresDeviation(), 0.05);
        if (deviation < 0 || deviation > 0.5) errors.add(List.of("upstream", "expiresDeviation"), "must be within 0..0.5, not " + deviation);
        boolean path = false;
        if (u.insertion() != null) {
            switch (u.insertion().toLowerCase(Locale.ROOT)) {
                case "contact" -> path = false;
                case "path" -> path = true;
                default -> errors.add(List.of("upstream", "insertion"), "must be contact or path, not '" + u.insertion() + "'");
            }
        }
        if (path && mode == ThrottlingMode.AOR) {
            errors.add(List.of("upstream", "insertion"), "path needs registrar.mode mirror or contact (aor mode registers midreg's own Contact)");
            return null;
        }
        Map<String, String> aliases = r.domainAliases() == null ? Map.of() : lower(r.domainAliases());
        if (expiry == null || maxContacts < 1 || maxContacts > 1000 || upExpires < 60 || upExpires > 86400 || margin < 0 || margin > 0.5
                || deviation < 0 || deviation > 0.5) {
            return null;
        }
        long survival = SurvivalConfigs.survivalExpires(u, errors);
        Duration answerWithin = SurvivalConfigs.answerWithin(u, errors);
        if (survival < 0 || answerWithin == null) return null;
        return new RegistrarSettings(mode, expiry, aliases, maxContacts, evict, upExpires, margin, deviation, Duration.ofSeconds(32), path, survival,
                answerWithin);
    }

    static UpstreamSettings upstream(MidregConfig c, ConfigErrors errors) {
        UpstreamSection u = c.upstream();
        if (u == null) {
            errors.add(List.of("upstream"), "is required: the registrar midreg relays to (target, tokenSecret)");
            return null;
        }
        TransportProtocol p = TransportProtocol.UDP;
        if (u.transport() != null) {
            p = TransportProtocol.fromToken(u.transport());
            if (p == null) errors.add(List.of("upstream", "transport"), "must be udp, tcp or tls, not '" + u.transport() + "'");
        }
        InetSocketAddress target = null;
        if (u.target() == null) {
            if (u.targets() == null && u.domain() == null) {
                errors.add(List.of("upstream", "target"), "is required (host:port of the upstream registrar), unless upstream.targets or upstream.domain is given");
            }
        } else {
            int colon = u.target().lastIndexOf(':');
            try {
                String host = colon > 0 ? u.target().substring(0, colon) : u.target();
                int port = colon > 0 ? Integer.parseInt(u.target().substring(colon + 1)) : 5060;
                if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
                if (port < 1 || port > 65535) throw new NumberFormatException();
                target = new InetSocketAddress(host, port);
                if (target.isUnresolved()) {
                    errors.add(List.of("upstream", "target"), "cannot resolve '" + host + "'");
                    target = null;
                }
            } catch (NumberFormatException e) {
                errors.add(List.of("upstream", "target"), "must be host:port, not '" + u.target() + "'");
            }
        }
        byte[] secret = null;
        if (u.tokenSecret() == null || u.tokenSecret().length() < 16) {
            errors.add(List.of("upstream", "tokenSecret"), "must be at least 16 characters (it signs midreg's upstream Contacts; keep it across restarts)");
        } else {
            secret = u.tokenSecret().getBytes(StandardCharsets.UTF_8);
        }
        UpstreamTargetsConfig.Parsed several = UpstreamTargetsConfig.parse(u, errors);
        PacingSettings pacing = pacing(u, errors);
        int deregisterRetries = u.deregisterRetries() == null ? 3 : u.deregisterRetries();
        if (deregisterRetries < 0 || deregisterRetries > 10) {
            errors.add(List.of("upstream", "deregisterRetries"), "must be within 0..10, not " + deregisterRetries);
        }
        io.midreg.upstream.health.BreakerSettings breaker = SurvivalConfigs.breaker(u, errors);
        Path credentials = surrogateCredentials(c, errors);
        Duration negativeCacheFor = negativeCacheFor(u, errors);
        Boolean provisional = provisionalNewDevices(u, errors);
        List<io.midreg.sip.auth.DigestAlgorithm> deviceChallenge = DeviceChallengeConfig.parse(u.deviceChallenge(), List.of("upstream", "deviceChallenge"), errors);
        if (u.target() != null && target == null || several == null || secret == null || p == null || pacing == null || breaker == null
                || negativeCacheFor == null || provisional == null || deviceChallenge == null) {
            return null;
        }
        InetSocketAddress address = target != null ? target : several.targets().isEmpty() ? null : several.targets().get(0).address();
        return new UpstreamSettings(p, address, u.requestUri(), secret, pacing, deregisterRetries, several.targets(), several.domain(),
                several.dnsServer(), several.advertise(), breaker, credentials, negativeCacheFor, provisional, deviceChallenge);
    }

    /**
     * upstream.credentials: the surrogate registration credentials file (read by the server at
     * start and on reload). Surrogate registration registers midreg's token Contacts, so it needs
     * contact or aor mode without Path insertion.
     */
    static Path surrogateCredentials(MidregConfig c, ConfigErrors errors) {
        UpstreamSection u = c.upstream();
        if (u.credentials() == null) return null;
        if (u.credentials().isBlank()) {
            errors.add(List.of("upstream", "credentials"), "must be the path of the credentials file");
            return null;
        }
        String mode = c.registrar() == null || c.registrar().mode() == null ? "contact" : c.registrar().mode().toLowerCase(Locale.ROOT);
        if (mode.equals("mirror")) {
            errors.add(List.of("upstream", "credentials"), "needs registrar.mode contact or aor (mirror mode relays every REGISTER with the device's own credentials)");
        }
        if (u.insertion() != null && u.insertion().equalsIgnoreCase("path")) {
            errors.add(List.of("upstream", "credentials"), "needs upstream.insertion contact (surrogate registration registers midreg's own Contacts)");
        }
        return Path.of(u.credentials());
    }

    /** upstream.survival.newDevices: reject (default) or provisional; null after an error. */
    static Boolean provisionalNewDevices(UpstreamSection u, ConfigErrors errors) {
        if (u.survival() == null || u.survival().newDevices() == null) return false;
        switch (u.survival().newDevices().toLowerCase(Locale.ROOT)) {
            case "reject":
                return false;
            case "provisional":
                return true;
            default:
                errors.add(List.of("upstream", "survival", "newDevices"), "must be reject or provisional, not '" + u.survival().newDevices() + "'");
                return null;
        }
    }

    /** upstream.negativeCacheFor: seconds, 1..86400, default 300. */
    static Duration negativeCacheFor(UpstreamSection u, ConfigErrors errors) {
        double s = or(u.negativeCacheFor(), 300.0);
        if (!(s >= 1 && s <= 86400)) {
            errors.add(List.of("upstream", "negativeCacheFor"), "must be within 1..86400 seconds, not " + s);
            return null;
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }

    /** upstream.rate, burst, queueDeadline, queueSize: the cap on REGISTERs to the target. */
    static PacingSettings pacing(UpstreamSection u, ConfigErrors errors) {
        long rate = or(u.rate(), 200L);
        boolean ok = true;
        if (rate < 1 || rate > PacingSettings.MAX_RATE) {
            errors.add(List.of("upstream", "rate"), "must be within 1..100000 REGISTERs per second, not " + rate);
            ok = false;
        }
        // a tenth of a second's worth by default: in any second at most 1.1 x rate reaches the target
        long burst = or(u.burst(), PacingSettings.defaultBurst(rate));
        if (burst < 1 || burst > PacingSettings.MAX_RATE) {
            errors.add(List.of("upstream", "burst"), "must be within 1..100000, not " + burst);
            ok = false;
        }
        double deadline = or(u.queueDeadline(), 4.0);
        if (!(deadline >= 0.1 && deadline <= 30)) {
            errors.add(List.of("upstream", "queueDeadline"), "must be within 0.1..30 seconds, not " + deadline);
            ok = false;
        }
        int size = or(u.queueSize(), 10_000);
        if (size < 0 || size > 1_000_000) {
            errors.add(List.of("upstream", "queueSize"), "must be within 0..1000000, not " + size);
            ok = false;
        }
        return ok ? new PacingSettings(rate, burst, Duration.ofMillis(Math.round(deadline * 1000)), size) : null;
    }

    static StoreConfig store(MidregConfig c, ConfigErrors errors) {
        StoreSection s = c.store() == null ? new StoreSection(null, null) : c.store();
        Path file = Path.of(s.file() == null ? "data/midreg.store" : s.file());
        long capacity = or(s.capacity(), StoreConfig.DEFAULT_CAPACITY);
        if (capacity < 1 || capacity > 100_000_000L) {
            errors.add(List.of("store", "capacity"), "must be within 1..100000000, not " + capacity);
            return null;
        }
        return StoreConfig.of(file).withCapacity(capacity);
    }

    private static Map<String, String> lower(Map<String, String> m) {
        Map<String, String> out = new java.util.HashMap<>();
        m.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v.toLowerCase(Locale.ROOT)));
        return out;
    }

    private static <T> T or(T v, T d) {
        return v == null ? d : v;
    }
}
