package io.midreg.config;

import java.util.List;

/**
 * Which config keys a reload applies to the running process. Every other key (listeners, event
 * loops, the store, the registrar mode, the upstream transport, insertion and token secret, the
 * admin API...) needs a restart, and a reload leaves it as it was. A reload also reads the
 * surrogate credentials file again, whether or not its path changed.
 */
public final class ReloadableKeys {
    private static final List<String> LIVE = List.of(
            "registrar.domainAliases", "registrar.defaultExpires", "registrar.minExpires", "registrar.maxExpires",
            "registrar.belowMinExpires", "registrar.maxContacts", "registrar.maxContactsPolicy",
            "upstream.target", "upstream.requestUri", "upstream.expires", "upstream.refreshMargin", "upstream.expiresDeviation",
            "upstream.rate", "upstream.burst", "upstream.queueDeadline", "upstream.queueSize",
            "upstream.deregisterRetries", "upstream.breaker", "upstream.survival", "upstream.credentials", "upstream.negativeCacheFor",
            "upstream.deviceChallenge",
            "calls.trustedSources", "calls.unregisteredSources",
            "sip.shutdownGrace", "logging");

    private ReloadableKeys() {
    }

    /** Whether a change to the key at {@code path} (as {@link ConfigChanges} names it) applies live. */
    public static boolean isLive(String path) {
        for (String k : LIVE) {
            if (path.equals(k) || path.startsWith(k + ".")) return true;
        }
        return false;
    }
}
