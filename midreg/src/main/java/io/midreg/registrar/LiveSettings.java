package io.midreg.registrar;

/**
 * The registrar settings in force and the helpers built from them (reader, policy, commit), as
 * one snapshot: a reload swaps it whole, and each REGISTER reads it once, so one REGISTER never
 * mixes two configurations. Shared by the registrar, its forwarding and its operators' actions.
 */
public final class LiveSettings {
    /** One consistent set of reloadable settings and what is built from them. */
    record InForce(RegistrarSettings settings, RegisterReader reader, ThrottlingPolicy policy, BindingCommit commit) {
    }

    private final ChallengeTracker challenges;
    private final AorRefreshesInFlight refreshing;
    private final Tokens tokens;
    private volatile InForce now;

    public LiveSettings(RegistrarSettings settings, ChallengeTracker challenges, AorRefreshesInFlight refreshing, Tokens tokens) {
        this.challenges = challenges;
        this.refreshing = refreshing;
        this.tokens = tokens;
        this.now = build(settings);
    }

    /** The snapshot for one REGISTER. */
    InForce now() {
        return now;
    }

    /** The settings in force. */
    public RegistrarSettings settings() {
        return now.settings();
    }

    /**
     * Puts new settings in force for the REGISTERs that arrive from now on; those already being
     * handled finish with the old ones. The mode, Path insertion and challenge window need a
     * restart: they must be those in force.
     */
    public void reconfigure(RegistrarSettings settings) {
        RegistrarSettings running = now.settings();
        if (settings.mode() != running.mode() || settings.pathInsertion() != running.pathInsertion()
                || !settings.challengeWindow().equals(running.challengeWindow())) {
            throw new IllegalArgumentException("mode, Path insertion and challenge window change only with a restart");
        }
        now = build(settings);
    }

    private InForce build(RegistrarSettings settings) {
        return new InForce(settings, new RegisterReader(new AorNormalizer(settings.domainAliases()), settings.expiry()),
                new ThrottlingPolicy(settings, challenges, refreshing), new BindingCommit(settings, tokens));
    }
}
