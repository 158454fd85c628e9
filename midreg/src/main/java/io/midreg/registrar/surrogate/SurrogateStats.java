package io.midreg.registrar.surrogate;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of surrogate registration and local authentication. */
public final class SurrogateStats {
    final LongAdder localChallenges = new LongAdder();
    /** Failed device answers by why, so an operator sees why a device cannot register; every failure outcome has one. */
    private final Map<LocalAuthenticator.Outcome, LongAdder> localAuthFailures = new EnumMap<>(LocalAuthenticator.Outcome.class);
    final LongAdder localAuthenticated = new LongAdder();
    final LongAdder registers = new LongAdder();
    final LongAdder refreshes = new LongAdder();
    final LongAdder registered = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder credentialsRefused = new LongAdder();
    final LongAdder negativeCacheAnswers = new LongAdder();
    final LongAdder deregistrations = new LongAdder();
    final LongAdder provisional = new LongAdder();

    SurrogateStats() {
        for (LocalAuthenticator.Outcome o : LocalAuthenticator.Outcome.values()) if (o.failed()) localAuthFailures.put(o, new LongAdder());
    }

    /** Counts a device's failed answer ({@code outcome} must be a failure). */
    void localAuthFailed(LocalAuthenticator.Outcome outcome) {
        localAuthFailures.get(outcome).increment();
    }

    public Snapshot snapshot() {
        long refused = 0;
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (Map.Entry<LocalAuthenticator.Outcome, LongAdder> e : localAuthFailures.entrySet()) {
            long n = e.getValue().sum();
            refused += n;
            byReason.put(e.getKey().reason(), n);
        }
        return new Snapshot(localChallenges.sum(), refused, Map.copyOf(byReason), localAuthenticated.sum(), registers.sum(), refreshes.sum(),
                registered.sum(), failures.sum(), credentialsRefused.sum(), negativeCacheAnswers.sum(), deregistrations.sum(),
                provisional.sum());
    }

    /**
     * @param localChallenges      401s midreg sent devices of surrogate AORs
     * @param localAuthFailures    device credentials that were wrong (user, response, nonce or algorithm)
     * @param localAuthFailuresByReason the same by reason ({@link LocalAuthenticator.Outcome#reason()}), every reason present
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
    public record Snapshot(long localChallenges, long localAuthFailures, Map<String, Long> localAuthFailuresByReason, long localAuthenticated, long registers, long refreshes,
                           long registered, long failures, long credentialsRefused, long negativeCacheAnswers, long deregistrations,
                           long provisional) {
    }
}
