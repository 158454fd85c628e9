package io.midreg.server;

import io.midreg.registrar.AorRefreshesInFlight;
import io.midreg.registrar.ChallengeTracker;
import io.midreg.registrar.LiveSettings;
import io.midreg.registrar.OperatorActions;
import io.midreg.registrar.RegisterLatency;
import io.midreg.registrar.RegistrarService;
import io.midreg.registrar.RegistrarSettings;
import io.midreg.registrar.RegistrarStats;
import io.midreg.registrar.Replies;
import io.midreg.registrar.Tokens;
import io.midreg.registrar.UpstreamAnswers;
import io.midreg.registrar.UpstreamDeregistrar;
import io.midreg.registrar.UpstreamForwarding;
import io.midreg.store.BindingStore;
import io.midreg.upstream.ContactToken;
import io.midreg.upstream.pacing.UpstreamPacer;
import io.midreg.upstream.targets.HoldingTargetRouter;
import io.midreg.upstream.targets.UpstreamLeg;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * Builds the registrar from its parts (part of the composition root): the settings in force,
 * the challenge and refresh trackers, the tokens, the forwarding upstream and what its answers
 * do, the de-registrations and operators' actions, all sharing one store, one router and one
 * set of counters.
 */
final class RegistrarWiring {
    private RegistrarWiring() {
    }

    static RegistrarService build(RegistrarSettings settings, BindingStore store, long storeCapacity, HoldingTargetRouter router,
                                  ContactToken tokenCodec, UpstreamPacer pacer, LongSupplier clock) {
        Tokens tokens = new Tokens(tokenCodec);
        ChallengeTracker challenges = new ChallengeTracker(settings.challengeWindow().toMillis(), clock);
        // aor mode: AORs whose due refresh is upstream now; their siblings' refreshes are absorbed meanwhile
        AorRefreshesInFlight refreshing = new AorRefreshesInFlight();
        LiveSettings live = new LiveSettings(settings, challenges, refreshing, tokens);
        RegistrarStats stats = new RegistrarStats();
        RegisterLatency latency = new RegisterLatency();
        Replies replies = new Replies(stats);
        // De-registrations and operators' actions go to the target holding the registration while it is up.
        BiFunction<String, String, UpstreamLeg> holding = (aor, held) -> router.holding(aor, held, clock.getAsLong());
        UpstreamDeregistrar deregistrar = new UpstreamDeregistrar(store, holding, live::settings, stats, clock);
        OperatorActions operations = new OperatorActions(store, holding, live::settings);
        UpstreamAnswers answers = new UpstreamAnswers(store, stats, latency, challenges, refreshing, deregistrar, replies, clock);
        UpstreamForwarding forwarding = new UpstreamForwarding(store, storeCapacity, tokens, stats, replies, answers, refreshing);
        return new RegistrarService(live, store, router, pacer, tokens, stats, latency, replies, forwarding, answers, deregistrar, operations, clock);
    }
}
