package io.midreg.registrar;

import java.util.concurrent.atomic.LongAdder;

/** Counters of surrogate registration and local authentication. */
public final class SurrogateStats {
    final LongAdder localChallenges = new LongAdder();
    final LongAdder localAuthFailures = new LongAdder();
    final LongAdder localAuthenticated = new LongAdder();
    final LongAdder registers = new LongAdder();
    final LongAdder refreshes = new LongAdder();
    final LongAdder registered = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder credentialsRefused = new LongAdder();
    final LongAdder negativeCacheAnswers = new LongAdder();
    final LongAdder deregistrations = new LongAdder();
    final LongAdder provisional = new LongAdder();

    public Snapshot snapshot() {
        return new Snapshot(localChallenges.sum(), localAuthFailures.sum(), localAuthenticated.sum(), registers.sum(), refreshes.sum(),
                registered.sum(), failures.sum(), credentialsRefused.sum(), negativeCacheAnswers.sum(), deregistrations.sum(),
                provisional.sum());
    }

    /**
     * @param localChallenges      401s midreg sent devices of surrogate AORs
     * @param localAuthFailures    device credentials that were wrong (user, response, nonce or algorithm)
     * @param localAuthenticated   device REGISTERs with right credentials
     * @param registers            surrogate registrations started for a device (first registration, new binding, lapsed upstream)
     * @param refreshes            surrogate refreshes started on midreg's own schedule
     * @param registered           surrogate attempts the upstream accepted
     * @param failures             surrogate attempts that failed otherwise (time-out, 5xx, other refusal, pacer)
     * @param credentialsRefused   surrogate attempts whose credentials the upstream refused (each puts the AOR in the negative cache)
     * @param negativeCacheAnswers device REGISTERs answered 503 because their AOR is in the negative cache
     * @param deregistrations      de-registrations sent with credentials
     * @param provisional          devices accepted provisionally while the upstream was down (upstream.survival.newDevices)
     */
    public record Snapshot(long localChallenges, long localAuthFailures, long localAuthenticated, long registers, long refreshes,
                           long registered, long failures, long credentialsRefused, long negativeCacheAnswers, long deregistrations,
                           long provisional) {
    }
}
