package io.midreg.nat.media.ng;

/**
 * What the ng client did since it started.
 *
 * @param requests          requests sent (first sends)
 * @param retransmissions   sends of a request again with its cookie after a time-out
 * @param replies           replies matched to a pending request
 * @param timeouts          requests that got no reply after every try
 * @param errorReplies      replies with {@code result=error}
 * @param malformedReplies  replies matched by cookie that were not ng replies
 * @param strayDatagrams    datagrams that matched no pending request (late duplicate, unknown cookie, wrong source)
 */
public record NgClientStats(long requests, long retransmissions, long replies, long timeouts, long errorReplies,
                            long malformedReplies, long strayDatagrams) {
}
