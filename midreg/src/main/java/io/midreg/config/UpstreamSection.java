package io.midreg.config;

/**
 * The {@code upstream:} section: the registrar midreg protects.
 *
 * @param target          host:port of the upstream registrar (required for the registrar to run)
 * @param transport       udp or tcp (default udp)
 * @param requestUri      Request-URI for forwarded REGISTERs (default: keep the device's)
 * @param expires         lifetime midreg asks upstream for in contact and aor modes, seconds (default 3600)
 * @param refreshMargin   fraction of that lifetime kept as margin before a refresh is forwarded (default 0.1)
 * @param expiresDeviation fraction by which upstream lifetimes are randomised downwards (default 0.05)
 * @param tokenSecret     secret (16+ characters) that signs the tokens in midreg's upstream Contacts;
 *                        keep it across restarts
 * @param insertion       contact (midreg's token Contacts upstream) or path (devices' Contacts, midreg in Path)
 * @param rate            REGISTERs per second midreg may send to the target (default 200)
 * @param burst           REGISTERs that may go at once after a quiet spell (default: rate)
 * @param queueDeadline   seconds a forwarded REGISTER may wait for the rate before 503 (default 4)
 * @param queueSize       most REGISTERs waiting for the rate (default 10000)
 * @param deregisterRetries how often a de-registration midreg sends itself (a device went silent or was
 *                        evicted) is retried after a time-out or 5xx (default 3)
 * @param targets         several upstream targets, each {@code host:port[;priority=N][;weight=W]} (instead of target)
 * @param domain          a SIP domain whose upstream targets DNS gives (RFC 3263: SRV, then A/AAAA)
 * @param dns             where to look {@code domain} up
 * @param advertise       host:port midreg names itself by upstream (Via, Contacts, Path), instead of its listener's address
 * @param breaker         the circuit breaker on the target ({@code upstream.breaker}, all keys optional)
 * @param survival        how devices are kept while the target is down ({@code upstream.survival}: expires, newDevices)
 * @param credentials     path of the surrogate registration credentials file (default: none, no surrogate AOR)
 * @param negativeCacheFor seconds an AOR whose credentials the upstream refused is not tried again (default 300)
 * @param deviceChallenge the digest algorithms midreg challenges surrogate AORs' devices with, in order (default [MD5])
 */
public record UpstreamSection(String target, String transport, String requestUri, Long expires, Double refreshMargin,
                              Double expiresDeviation, String tokenSecret, String insertion,
                              Long rate, Long burst, Double queueDeadline, Integer queueSize, Integer deregisterRetries,
                              java.util.List<String> targets, String domain, UpstreamDnsSection dns, String advertise,
                              BreakerSection breaker, SurvivalSection survival, String credentials, Double negativeCacheFor,
                              java.util.List<String> deviceChallenge) {
    /**
     * The {@code upstream.dns:} section.
     *
     * @param server host:port of the DNS server to ask (default: the system's resolvers)
     */
    public record UpstreamDnsSection(String server) {
    }

    /**
     * {@code upstream.breaker}: consecutive failures that open it, the first and the longest open
     * spell and the OPTIONS probe interval while open (seconds; probeInterval 0 = once per spell).
     */
    public record BreakerSection(Integer failures, Double openFor, Double maxOpenFor, Double probeInterval) {
    }
}
