package io.midreg.cli.top;

/**
 * The counters the live view shows, at one instant: what {@code GET /api/stats} reports, or
 * what {@code midreg demo} reads in process. Counters are cumulative since the start.
 *
 * @param uptimeMillis        since midreg started
 * @param received            REGISTERs that reached the registrar
 * @param absorbed            answered from the store
 * @param forwarded           relayed upstream (the upstream REGISTER rate)
 * @param upstream2xx         upstream accepted
 * @param upstreamChallenges  upstream answered 401/407
 * @param upstream4xx         upstream refused otherwise
 * @param upstream5xx         upstream failed
 * @param upstreamTimeouts    upstream silent
 * @param aors                AORs with a live binding
 * @param bindings            live device bindings
 * @param upstreamCapPerSecond the upstream rate cap, or null when the instance has none (a release from before the upstream rate cap)
 * @param flows               open device flows, or null when not reported
 * @param calls               calls in progress, or null when not reported
 */
public record StatsSnapshot(long uptimeMillis, long received, long absorbed, long forwarded, long upstream2xx, long upstreamChallenges,
                            long upstream4xx, long upstream5xx, long upstreamTimeouts, long aors, long bindings, Double upstreamCapPerSecond,
                            Long flows, Long calls) {
}
