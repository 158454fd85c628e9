package io.midreg.registrar.surrogate;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The credentials of the AORs midreg registers upstream in its own name (surrogate
 * registration), by AOR. A reload replaces them whole; readers on event loops see either the old
 * set or the new one, never a mix.
 */
public final class Credentials {
    private volatile Map<String, SurrogateCredential> byAor = Map.of();

    /** An empty registry: no AOR is surrogate. */
    public Credentials() {
    }

    public Credentials(Collection<SurrogateCredential> initial) {
        replace(initial);
    }

    /** The credential of {@code aor} (normalised, as the registrar names AORs), if midreg holds one. */
    public Optional<SurrogateCredential> lookup(String aor) {
        return Optional.ofNullable(byAor.get(aor));
    }

    /**
     * Puts a new set in force; returns the AORs whose upstream identity (realm, secret) changed or
     * went away: their negative cache entries are stale. A changed device challenge alone does not count.
     */
    public Set<String> replace(Collection<SurrogateCredential> next) {
        Map<String, SurrogateCredential> m = new HashMap<>(next.size() * 2);
        for (SurrogateCredential c : next) {
            if (m.put(c.aor(), c) != null) throw new IllegalArgumentException("two credentials for " + c.aor());
        }
        Map<String, SurrogateCredential> old = byAor;
        byAor = Map.copyOf(m);
        Set<String> changed = new java.util.HashSet<>();
        old.forEach((aor, c) -> {
            if (!c.sameUpstreamIdentity(m.get(aor))) changed.add(aor);
        });
        return changed;
    }

    /** The AORs midreg holds credentials for. */
    public Set<String> aors() {
        return byAor.keySet();
    }

    public int size() {
        return byAor.size();
    }

    public boolean isEmpty() {
        return byAor.isEmpty();
    }

    @Override
    public String toString() {
        return "Credentials[" + byAor.size() + " AORs]";
    }
}
