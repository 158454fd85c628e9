package io.midreg.registrar;

import io.midreg.sip.message.SipResponse;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.BindingStore;
import io.midreg.store.UpstreamState;
import io.midreg.store.UpstreamStatus;
import io.midreg.upstream.RelayListener;
import io.midreg.upstream.UpstreamRegisterBuilder;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.pacing.PacedSend;
import io.midreg.upstream.pacing.UpstreamPacer;
import io.midreg.upstream.targets.UpstreamLeg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar side of the admin API: removing an AOR, de-registering it upstream, forcing its
 * next refresh upstream. Upstream REGISTERs go through the same relay and transaction layer as
 * the devices', with a token of the upstream pacer like every REGISTER midreg sends there; midreg
 * holds no credentials in relay modes, so a challenge is reported, not answered.
 */
public final class OperatorActions implements RegistrarOperations {
    private static final Logger log = LoggerFactory.getLogger(OperatorActions.class);

    private final BindingStore store;
    /** (AOR, target holding its registration or "") to the upstream target to send to: its relay and its pacer (null pacer: no cap). */
    private final BiFunction<String, String, UpstreamLeg> legs;
    private final Supplier<RegistrarSettings> settings;

    /** De-registers the AORs midreg holds credentials for (surrogate registration), or null. */
    private volatile OwnRegistrations credentialed;

    /** @param relay and @param settings give those in force at each call (a reload swaps them) */
    OperatorActions(BindingStore store, Supplier<UpstreamRelay> relay, UpstreamPacer pacer, Supplier<RegistrarSettings> settings) {
        this(store, aor -> {
            UpstreamRelay r = relay.get();
            return r == null ? null : new UpstreamLeg(r, pacer);
        }, settings);
    }

    /** @param legs the AOR's upstream target at each call */
    OperatorActions(BindingStore store, java.util.function.Function<String, UpstreamLeg> legs, Supplier<RegistrarSettings> settings) {
        this(store, (aor, held) -> legs.apply(aor), settings);
    }

    /**
     * @param legs given the AOR and the target that holds a registration of it ({@code ""} when
     *             unknown), where to de-register it: that target while it is available, else the
     *             AOR's current one (null when none is known)
     */
    public OperatorActions(BindingStore store, BiFunction<String, String, UpstreamLeg> legs, Supplier<RegistrarSettings> settings) {
        this.store = store;
        this.legs = legs;
        this.settings = settings;
    }

    @Override
    public String normalize(String aor) {
        String s = aor.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sips:")) s = s.substring(5);
        else if (lower.startsWith("sip:")) s = s.substring(4);
        int at = s.lastIndexOf('@');
        String user = at >= 0 ? s.substring(0, at + 1) : "";
        String host = (at >= 0 ? s.substring(at + 1) : s).toLowerCase(Locale.ROOT);
        int cut = indexOfAny(host, ";?>");
        if (cut >= 0) host = host.substring(0, cut);
        host = settings.get().domainAliases().getOrDefault(host, host);
        return "sip:" + user + host;
    }

    @Override
    public CompletableFuture<UpstreamResult> remove(String aor) {
        AorRecord[] before = new AorRecord[1];
        store.update(aor, cur -> {
            before[0] = cur;
            return null;
        });
        if (before[0] == null) return CompletableFuture.completedFuture(UpstreamResult.NOT_FOUND);
        log.info("operator removed {} ({} bindings)", aor, before[0].bindings().size());
        return deregister(aor, upstreamContacts(aor, before[0]), result -> { });
    }

    @Override
    public CompletableFuture<UpstreamResult> deregisterUpstream(String aor) {
        AorRecord marked = store.update(aor, cur -> cur == null ? null : withUpstream(cur, u -> status(u, UpstreamStatus.DEREGISTERING, 0, "operator de-registration in progress")));
        if (marked == null) return CompletableFuture.completedFuture(UpstreamResult.NOT_FOUND);
        log.info("operator de-registers {} upstream", aor);
        return deregister(aor, upstreamContacts(aor, marked), result -> store.update(aor, cur -> cur == null ? null
                : withUpstream(cur, u -> u.status() != UpstreamStatus.DEREGISTERING ? u // a device re-registered meanwhile
                : result.status() >= 200 && result.status() < 300 ? null
                : status(u, UpstreamStatus.FAILED, result.status(), "operator de-registration: " + result.upstream()))));
    }

    @Override
    public boolean refreshUpstream(String aor) {
        OwnRegistrations own = credentialed;
        if (own != null && store.get(aor).isPresent() && own.refreshNow(aor)) {
            log.info("operator forces a refresh of {} upstream (midreg's own registration, sent now)", aor);
            return true;
        }
        // One store update: a status other than REGISTERED makes the policy forward the next REGISTER.
        AorRecord after = store.update(aor, cur -> cur == null ? null
                : withUpstream(cur, u -> u.status() == UpstreamStatus.REGISTERED ? status(u, UpstreamStatus.REGISTERING, u.lastStatusCode(),
                "refresh requested by operator") : u));
        if (after != null) log.info("operator forces the next REGISTER of {} upstream", aor);
        return after != null;
    }

    /**
     * Sends the de-registrations (when there is anything upstream; one per target holding some of
     * the AOR's registrations) and reports the outcome, all of them in one, to {@code then} and the future.
     */
    private CompletableFuture<UpstreamResult> deregister(String aor, Map<UpstreamLeg, List<String>> byLeg,
                                                         java.util.function.Consumer<UpstreamResult> then) {
        if (byLeg.isEmpty()) {
            UpstreamResult r = new UpstreamResult(true, 0, 0, "nothing registered upstream");
            then.accept(r);
            return CompletableFuture.completedFuture(r);
        }
        List<CompletableFuture<UpstreamResult>> sent = new ArrayList<>(byLeg.size());
        byLeg.forEach((leg, contacts) -> sent.add(deregister(aor, leg, contacts)));
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(v -> {
            UpstreamResult r = combined(sent.stream().map(CompletableFuture::join).toList());
            try {
                then.accept(r);
            } catch (RuntimeException e) {
                log.warn("could not record the de-registration of {}: {}", aor, e.toString());
            }
            return r;
        });
    }

    /** Several targets' answers as one: all contacts; the first that failed, else the last success. */
    private static UpstreamResult combined(List<UpstreamResult> results) {
        if (results.size() == 1) return results.get(0);
        int contacts = 0;
        UpstreamResult shown = null;
        for (UpstreamResult r : results) {
            contacts += r.contacts();
            boolean ok = r.status() >= 200 && r.status() < 300;
            if (shown == null || (!ok && shown.status() >= 200 && shown.status() < 300)) shown = r;
        }
        return new UpstreamResult(true, contacts, shown.status(), shown.upstream() + " (" + results.size() + " targets)");
    }

    /** One de-registration through {@code leg} (null: none known). */
    private CompletableFuture<UpstreamResult> deregister(String aor, UpstreamLeg leg, List<String> contacts) {
        CompletableFuture<UpstreamResult> done = new CompletableFuture<>();
        int n = contacts.size();
        RelayListener listener = new RelayListener() {
            @Override
            public void onAccepted(SipResponse response) {
                finish(new UpstreamResult(true, n, response.status(), "deregistered"));
            }

            @Override
            public void onChallenged(SipResponse response) {
                finish(new UpstreamResult(true, n, response.status(), "challenged: needs credentials"));
            }

            @Override
            public void onRefused(SipResponse response) {
                finish(new UpstreamResult(true, n, response.status(), "refused: " + response.status() + " " + response.reason()));
            }

            @Override
            public void onNoAnswer(String why) {
                finish(new UpstreamResult(true, n, 0, "no answer: " + why));
            }

            private void finish(UpstreamResult r) {
                log.info("upstream de-registration of {}{}: {}", aor, leg == null || leg.target() == null ? "" : " at " + leg.target(), r.upstream());
                done.complete(r);
            }
        };
        if (leg == null) {
            listener.onNoAnswer("no upstream target known");
            return done;
        }
        UpstreamRelay r = leg.relay();
        UpstreamPacer pacer = leg.pacer();
        OwnRegistrations own = credentialed;
        Runnable send = () -> {
            if (own == null || !own.deregister(aor, contacts, leg, listener)) r.deregister(aor, contacts, UUID.randomUUID() + "@midreg", listener);
        };
        if (pacer == null) {
            send.run();
        } else {
            // Waits like a device's REGISTER (upstream.queueDeadline) for a token.
            pacer.submit(pacer.deadlineFromNow(), new PacedSend() {
                @Override
                public void send() {
                    send.run();
                }

                @Override
                public void fail(String why) {
                    listener.onNoAnswer("not sent, upstream rate limit: " + why);
                }
            });
        }
        return done;
    }

    /** From now on, AORs midreg holds credentials for are de-registered with them. */
    void credentialed(OwnRegistrations own) {
        this.credentialed = own;
    }

    /**
     * The Contact URIs the upstream holds for this AOR (midreg's tokens, or the devices' own with
     * Path insertion), by where to de-register them: the target holding each while it is
     * available, else the AOR's current one. A null key: no target known.
     */
    private Map<UpstreamLeg, List<String>> upstreamContacts(String aor, AorRecord r) {
        Map<UpstreamLeg, Set<String>> byLeg = new LinkedHashMap<>();
        boolean pathInsertion = settings.get().pathInsertion();
        if (r.upstream() != null) add(byLeg, aor, r.upstream(), null, false);
        for (Binding b : r.bindings()) {
            if (b.upstream() != null) add(byLeg, aor, b.upstream(), b, pathInsertion);
        }
        Map<UpstreamLeg, List<String>> out = new LinkedHashMap<>();
        byLeg.forEach((leg, uris) -> {
            if (leg != null) out.put(leg, new ArrayList<>(uris));
        });
        if (out.isEmpty() && !byLeg.isEmpty()) out.put(null, List.copyOf(byLeg.values().iterator().next())); // reported: no target known
        return out;
    }

    private void add(Map<UpstreamLeg, Set<String>> byLeg, String aor, UpstreamState up, Binding b, boolean pathInsertion) {
        UpstreamLeg leg = legs.apply(aor, up.target());
        String uri = pathInsertion ? b.contactUri()
                : leg == null ? up.token() : UpstreamRegisterBuilder.tokenContactUri(up.token(), leg.relay().target());
        byLeg.computeIfAbsent(leg, k -> new LinkedHashSet<>()).add(uri);
    }

    private static AorRecord withUpstream(AorRecord r, UnaryOperator<UpstreamState> change) {
        List<Binding> bindings = new ArrayList<>(r.bindings().size());
        for (Binding b : r.bindings()) bindings.add(b.upstream() == null ? b : b.withUpstream(change.apply(b.upstream())));
        return new AorRecord(bindings, r.upstream() == null ? null : change.apply(r.upstream()));
    }

    private static UpstreamState status(UpstreamState u, UpstreamStatus status, int code, String why) {
        return new UpstreamState(u.token(), u.expiresAt(), u.lastRefreshAt(), u.callId(), u.cseq(), status, code, why, u.serviceRoute(),
                u.replayHeaders(), u.target());
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }
}
