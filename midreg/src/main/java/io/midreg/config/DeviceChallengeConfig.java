package io.midreg.config;

import io.midreg.sip.auth.DigestAlgorithm;
import io.midreg.registrar.surrogate.SurrogateCredential;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a device challenge ({@code upstream.deviceChallenge}, or {@code deviceChallenge} of a
 * credentials entry): the digest algorithms midreg offers the devices of a surrogate AOR, in the
 * order written (RFC 8760 §2.4: the server lists its preference first). {@code MD5} and
 * {@code SHA-256} only, each at most once; the -sess variants are not offered.
 */
final class DeviceChallengeConfig {
    private DeviceChallengeConfig() {
    }

    /** The algorithms of {@code values} ({@link SurrogateCredential#DEFAULT_CHALLENGE} when null), or null after an error at {@code path}. */
    static List<DigestAlgorithm> parse(List<String> values, List<Object> path, ConfigErrors errors) {
        if (values == null) return SurrogateCredential.DEFAULT_CHALLENGE;
        if (values.isEmpty()) {
            errors.add(path, "needs at least one algorithm: [MD5], [SHA-256], [SHA-256, MD5] or [MD5, SHA-256]");
            return null;
        }
        List<DigestAlgorithm> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            Optional<DigestAlgorithm> a = v == null ? Optional.empty() : DigestAlgorithm.fromToken(v.trim());
            if (a.isEmpty() || a.get().isSession()) {
                errors.add(append(path, i), "must be MD5 or SHA-256, not '" + v + "'");
                return null;
            }
            if (out.contains(a.get())) {
                errors.add(append(path, i), "repeats " + a.get().token());
                return null;
            }
            out.add(a.get());
        }
        return List.copyOf(out);
    }

    private static List<Object> append(List<Object> path, int index) {
        List<Object> p = new ArrayList<>(path);
        p.add(index);
        return p;
    }
}
