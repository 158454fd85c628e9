package io.midreg.config;

import io.midreg.registrar.AorNormalizer;
import io.midreg.sip.auth.DigestAlgorithm;
import io.midreg.sip.auth.DigestSecret;
import io.midreg.sip.uri.UriParser;
import io.midreg.registrar.surrogate.SurrogateCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the surrogate registration credentials file ({@code upstream.credentials}): a YAML list,
 * one entry per AOR midreg registers upstream in its own name.
 *
 * <pre>
 * - aor: sip:alice@example.com
 *   username: alice          # digest user name (default: the AOR's user part)
 *   realm: example.com       # required: devices are challenged with it; an HA1 answers only it upstream
 *   password: s3cret         # either a password ...
 * - aor: sip:bob@example.com
 *   realm: example.com
 *   ha1: 5f4dcc3b5aa765d61d8327deb882cf99   # ... or H(username:realm:password) in hex
 *   algorithm: MD5                          # of the HA1: MD5 (default) or SHA-256
 *   deviceChallenge: [MD5]                  # optional: what this AOR's devices are challenged with
 * </pre>
 *
 * An entry without {@code deviceChallenge} takes {@code upstream.deviceChallenge}, less the
 * algorithms its HA1 cannot verify (an MD5 HA1 verifies only MD5 answers); an entry whose HA1
 * can verify none of them, or whose own {@code deviceChallenge} names one its HA1 cannot verify,
 * is an error.
 *
 * Every problem is reported with the file, the line and the key, all at once; a password or HA1
 * never appears in a message.
 */
public final class CredentialsFile {
    /** One entry as written. */
    record Entry(String aor, String username, String realm, String password, String ha1, String algorithm, List<String> deviceChallenge) {
    }

    /**
     * The largest credentials file read (characters): an entry takes about 110, so this is room
     * for millions of AORs. snakeyaml's own default (3 MB, about 28 000 entries) refused larger
     * files as "not valid YAML".
     */
    static final int MAX_CODE_POINTS = 512 * 1024 * 1024;

    private static final YAMLMapper MAPPER = YAMLMapper.builder(tools.jackson.dataformat.yaml.YAMLFactory.builder()
                    .loadSettings(org.snakeyaml.engine.v2.api.LoadSettings.builder().setCodePointLimit(MAX_CODE_POINTS).build()).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private CredentialsFile() {
    }

    /** As {@link #load(Path, AorNormalizer, List)} with the default device challenge. */
    public static List<SurrogateCredential> load(Path file, AorNormalizer aors) throws ConfigException {
        return load(file, aors, SurrogateCredential.DEFAULT_CHALLENGE);
    }

    /**
     * Reads and checks {@code file}; AORs are normalised as the registrar does ({@code aors}: domain
     * aliases); entries without a {@code deviceChallenge} of their own take {@code deviceChallenge}.
     */
    public static List<SurrogateCredential> load(Path file, AorNormalizer aors, List<DigestAlgorithm> deviceChallenge) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the credentials file: " + e.getMessage(), e);
        }
        return parse(file.toString(), text, aors, deviceChallenge);
    }

    public static List<SurrogateCredential> parse(String name, String text, AorNormalizer aors) throws ConfigException {
        return parse(name, text, aors, SurrogateCredential.DEFAULT_CHALLENGE);
    }

    public static List<SurrogateCredential> parse(String name, String text, AorNormalizer aors, List<DigestAlgorithm> deviceChallenge)
            throws ConfigException {
        Entry[] entries;
        try {
            entries = MAPPER.readValue(text, Entry[].class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(where(name, text, e) + "unknown key '" + e.getPropertyName() + "' (allowed: aor, username, realm, password, ha1, algorithm, deviceChallenge)");
        } catch (DatabindException e) {
            // The original message may quote the value: keep secrets out of it.
            throw new ConfigException(where(name, text, e) + "must be a list of entries with aor, realm and password or ha1");
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            // Jackson's message may quote the text around the error (a password): not shown.
            throw new ConfigException(name + (line > 0 ? " line " + line : "") + ": not valid YAML");
        }
        if (entries == null) return List.of();
        ConfigErrors errors = new ConfigErrors(name, text);
        List<SurrogateCredential> out = new ArrayList<>(entries.length);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.length; i++) {
            Entry e = entries[i];
            if (e == null) {
                errors.add(List.of(i), "is empty");
                continue;
            }
            SurrogateCredential c = entry(i, e, aors, deviceChallenge, errors);
            if (c == null) continue;
            Integer first = seen.putIfAbsent(c.aor(), i);
            if (first != null) {
                errors.add(List.of(i, "aor"), "repeats " + c.aor() + " (entry " + first + " has it already)");
                continue;
            }
            out.add(c);
        }
        errors.throwIfAny();
        return out;
    }

    private static SurrogateCredential entry(int i, Entry e, AorNormalizer aors, List<DigestAlgorithm> deviceChallenge, ConfigErrors errors) {
        String aor = null;
        String user = null;
        if (e.aor() == null || e.aor().isBlank()) {
            errors.add(List.of(i), "needs an aor (e.g. sip:alice@example.com)");
        } else {
            try {
                var uri = UriParser.parse(e.aor().trim());
                aor = aors.aorOf(uri).orElse(null);
                if (uri instanceof io.midreg.sip.uri.SipUri s) user = s.userDecoded();
            } catch (RuntimeException ex) {
                aor = null;
            }
            if (aor == null || user == null) {
                errors.add(List.of(i, "aor"), "must be a SIP AOR with a user part, like sip:alice@example.com, not '" + e.aor() + "'");
                aor = null;
            }
        }
        String username = e.username() != null ? e.username() : user;
        if (username != null && username.isBlank()) {
            errors.add(List.of(i, "username"), "must not be empty");
            username = null;
        }
        if (e.realm() == null || e.realm().isBlank() || e.realm().contains("\"")) {
            errors.add(List.of(i, e.realm() == null ? "aor" : "realm"), e.realm() == null ? "needs a realm" : "must be a non-empty realm without quotes");
            return null;
        }
        if ((e.password() == null) == (e.ha1() == null)) {
            errors.add(List.of(i, e.password() != null ? "ha1" : "aor"), "needs exactly one of password and ha1");
            return null;
        }
        if (e.password() != null && e.password().isEmpty()) {
            errors.add(List.of(i, "password"), "must not be empty");
            return null;
        }
        if (e.algorithm() != null && e.ha1() == null) {
            errors.add(List.of(i, "algorithm"), "goes with ha1 only (a password answers MD5 and SHA-256)");
            return null;
        }
        if (aor == null || username == null) return null;
        DigestSecret secret;
        if (e.password() != null) {
            secret = new DigestSecret.Password(username, e.password());
        } else {
            Optional<DigestAlgorithm> alg = e.algorithm() == null ? Optional.of(DigestAlgorithm.MD5) : DigestAlgorithm.fromToken(e.algorithm());
            if (alg.isEmpty() || alg.get().isSession()) {
                errors.add(List.of(i, "algorithm"), "must be MD5 or SHA-256, not '" + e.algorithm() + "'");
                return null;
            }
            try {
                secret = new DigestSecret.PrecomputedHa1(username, e.realm(), alg.get(), e.ha1().trim());
            } catch (IllegalArgumentException ex) {
                errors.add(List.of(i, "ha1"), "must be " + alg.get().hexLength() + " hex digits for " + alg.get().token());
                return null;
            }
        }
        List<DigestAlgorithm> challenge = challenge(i, e, secret, deviceChallenge, errors);
        return challenge == null ? null : new SurrogateCredential(aor, e.realm(), secret, challenge);
    }

    /**
     * The entry's device challenge: its own (each algorithm one its secret can verify), else the
     * default less what its secret cannot verify; null after an error.
     */
    private static List<DigestAlgorithm> challenge(int i, Entry e, DigestSecret secret, List<DigestAlgorithm> deviceChallenge, ConfigErrors errors) {
        if (e.deviceChallenge() != null) {
            List<DigestAlgorithm> own = DeviceChallengeConfig.parse(e.deviceChallenge(), List.of(i, "deviceChallenge"), errors);
            if (own == null) return null;
            for (DigestAlgorithm a : own) {
                if (!SurrogateCredential.canVerify(secret, e.realm(), a)) {
                    errors.add(List.of(i, "deviceChallenge"), "offers " + a.token() + ", which an HA1 of " + ((DigestSecret.PrecomputedHa1) secret).algorithm().token()
                            + " cannot verify (give a password, or an HA1 of that algorithm)");
                    return null;
                }
            }
            return own;
        }
        List<DigestAlgorithm> usable = deviceChallenge.stream().filter(a -> SurrogateCredential.canVerify(secret, e.realm(), a)).toList();
        if (usable.isEmpty()) {
            errors.add(List.of(i, "ha1"), "is an HA1 of " + ((DigestSecret.PrecomputedHa1) secret).algorithm().token() + ", which cannot verify the "
                    + "device challenge " + tokens(deviceChallenge) + " (upstream.deviceChallenge): give this entry deviceChallenge: ["
                    + ((DigestSecret.PrecomputedHa1) secret).algorithm().token() + "]");
            return null;
        }
        return usable;
    }

    private static String tokens(List<DigestAlgorithm> algorithms) {
        return algorithms.stream().map(DigestAlgorithm::token).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static String where(String name, String text, DatabindException e) {
        List<Object> steps = new ArrayList<>();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) steps.add(ref.getPropertyName());
            else if (ref.getIndex() >= 0) steps.add(ref.getIndex());
        }
        return YamlLines.lineOf(text, steps).map(l -> name + " line " + l + ": ").orElse(name + ": ");
    }
}
