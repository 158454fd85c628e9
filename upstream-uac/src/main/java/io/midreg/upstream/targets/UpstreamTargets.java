package io.midreg.upstream.targets;

import io.midreg.upstream.pacing.PacingSettings;
import io.midreg.upstream.pacing.UpstreamPacer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream targets midreg may send to, each with its own relay, health and pacer, and the
 * choice of one per AOR: among the targets of the best (lowest) priority that has one available,
 * the one of highest weighted rendezvous score for the AOR ({@link Rendezvous}). So an AOR stays
 * with its target while that target is available, moves only when it is not (to the next of the
 * same priority, else to the next priority), and returns to it when it is back, as RFC 2782
 * priorities say; the choice is a function of the AOR and the targets' state only, so it is the
 * same after a restart with nothing stored. Selection reads one volatile list: no lock, no
 * blocking on event loops; {@link #update} (a re-resolution) swaps the list whole.
 */
public final class UpstreamTargets implements UpstreamRoute, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpstreamTargets.class);

    /** Opens the way to a new target: its relay (with its own health) and pacer. */
    @FunctionalInterface
    public interface LegFactory {
        UpstreamLeg open(Candidate target);
    }

    /** A target and its leg. */
    private record Member(Candidate candidate, UpstreamLeg leg) {
        String key() {
            return key(candidate);
        }

        static String key(Candidate c) {
            return c.name() + "@" + c.address();
        }
    }

    private static final Comparator<Member> PREFERENCE = Comparator.comparingInt((Member m) -> m.candidate().priority())
            .thenComparing(m -> m.candidate().name());

    private final LegFactory factory;
    /** Sorted by priority, then name. Replaced whole, never changed in place. */
    private volatile List<Member> members = List.of();
    private boolean closed;

    public UpstreamTargets(LegFactory factory) {
        this.factory = factory;
    }

    /**
     * Puts {@code candidates} in force. A target already known (same name and address) keeps its
     * relay, health and pacer (what it learned and what waits for its rate); a new one gets new
     * ones; a target gone is closed (REGISTERs waiting for its rate are failed).
     */
    public void update(List<Candidate> candidates) {
        List<UpstreamPacer> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) return;
            Map<String, Member> old = new HashMap<>();
            for (Member m : members) old.put(m.key(), m);
            List<Member> next = new ArrayList<>(candidates.size());
            Map<String, Member> seen = new HashMap<>();
            for (Candidate c : candidates) {
                String key = Member.key(c);
                if (seen.containsKey(key)) continue; // a target listed twice counts once
                Member kept = old.remove(key);
                // the leg carries the target's name: what registers through it is recorded as held there
                Member m = new Member(c, kept != null ? kept.leg() : factory.open(c).named(c.name()));
                seen.put(key, m);
                next.add(m);
            }
            next.sort(PREFERENCE);
            for (Member gone : old.values()) if (gone.leg().pacer() != null) toClose.add(gone.leg().pacer());
            if (!old.isEmpty() || next.size() != members.size()) {
                log.info("upstream targets now {}", next.stream().map(m -> m.candidate().name() + " " + m.candidate().address()
                        + " priority " + m.candidate().priority() + " weight " + m.candidate().weight()).toList());
            }
            members = List.copyOf(next);
        }
        toClose.forEach(UpstreamPacer::close);
    }

    @Override
    public UpstreamLeg select(String aor, long nowMillis) {
        Member m = choose(aor, nowMillis);
        return m == null ? null : m.leg();
    }

    @Override
    public UpstreamLeg availableLeg(String aor, String target, long nowMillis) {
        if (target == null || target.isEmpty()) return null;
        Member first = null;
        Member best = null;
        double bestScore = 0;
        // One name may have several addresses (re-resolution): the one the AOR's choice prefers.
        // Scored only then: usually a name has one address, and this runs per refresh.
        for (Member m : members) {
            if (!m.candidate().name().equals(target) || !m.leg().relay().health().available(nowMillis)) continue;
            if (first == null) {
                first = m;
                continue;
            }
            if (best == null) {
                best = first;
                bestScore = Rendezvous.score(aor, first.candidate());
            }
            double s = Rendezvous.score(aor, m.candidate());
            if (s > bestScore) {
                best = m;
                bestScore = s;
            }
        }
        return best != null ? best.leg() : first == null ? null : first.leg();
    }

    /** The name of the target {@code aor} goes to now, or null when none is known (for tests and operators). */
    public String targetOf(String aor, long nowMillis) {
        Member m = choose(aor, nowMillis);
        return m == null ? null : m.candidate().name();
    }

    private Member choose(String aor, long nowMillis) {
        List<Member> ms = members;
        if (ms.isEmpty()) return null;
        Member best = null;
        double bestScore = 0;
        for (Member m : ms) {
            // Sorted by priority: once a priority had an available target, later ones are not considered.
            if (best != null && m.candidate().priority() > best.candidate().priority()) break;
            if (!m.leg().relay().health().available(nowMillis)) continue;
            double s = Rendezvous.score(aor, m.candidate());
            if (best == null || s > bestScore) {
                best = m;
                bestScore = s;
            }
        }
        if (best != null) return best;
        // None available: the one expected back first (its REGISTER waits or fails there), then by preference.
        for (Member m : ms) {
            if (best == null) {
                best = m;
                bestScore = Rendezvous.score(aor, m.candidate());
                continue;
            }
            long a = m.leg().relay().health().availableAgainAt(nowMillis);
            long b = best.leg().relay().health().availableAgainAt(nowMillis);
            double s = Rendezvous.score(aor, m.candidate());
            if (a < b || a == b && m.candidate().priority() == best.candidate().priority() && s > bestScore) {
                best = m;
                bestScore = s;
            }
        }
        return best;
    }

    @Override
    public List<TargetView> targets(long nowMillis) {
        List<Member> ms = members;
        int activePriority = -1;
        for (Member m : ms) {
            if (m.leg().relay().health().available(nowMillis)) {
                activePriority = m.candidate().priority();
                break;
            }
        }
        List<TargetView> out = new ArrayList<>(ms.size());
        for (Member m : ms) {
            Candidate c = m.candidate();
            boolean available = m.leg().relay().health().available(nowMillis);
            UpstreamPacer p = m.leg().pacer();
            out.add(new TargetView(c.name(), c.address().getAddress().getHostAddress() + ":" + c.address().getPort(), c.priority(), c.weight(),
                    available, available && c.priority() == activePriority, p == null ? 0 : p.sent(), p == null ? 0 : p.queued(),
                    p == null ? 0 : p.rejected()));
        }
        return out;
    }

    /** Every target's leg, in order of preference. */
    public List<UpstreamLeg> legs() {
        return members.stream().map(Member::leg).toList();
    }

    /** New pacing settings for every target: rate and burst apply to each target on its own. */
    public void reconfigure(PacingSettings settings) {
        for (Member m : members) if (m.leg().pacer() != null) m.leg().pacer().reconfigure(settings);
    }

    /** REGISTERs all targets' pacers let through. */
    public long sent() {
        long n = 0;
        for (Member m : members) if (m.leg().pacer() != null) n += m.leg().pacer().sent();
        return n;
    }

    /** Closes every target's pacer (what waits for a rate is failed); later updates are ignored. */
    @Override
    public void close() {
        List<Member> ms;
        synchronized (this) {
            if (closed) return;
            closed = true;
            ms = members;
        }
        for (Member m : ms) if (m.leg().pacer() != null) m.leg().pacer().close();
    }
}
