package io.midreg.upstream.targets;

import java.io.IOException;
import java.util.List;

/** Finds the upstream targets of a domain. Blocking: never called on an event loop. */
public interface TargetResolver {
    /** The targets now, and for how long the answer holds. */
    Resolution resolve() throws IOException;

    /**
     * @param candidates the targets, in RFC 2782 order
     * @param ttlSeconds the least TTL of the records the answer came from
     */
    record Resolution(List<Candidate> candidates, long ttlSeconds) {
        public Resolution {
            candidates = List.copyOf(candidates);
        }
    }
}
