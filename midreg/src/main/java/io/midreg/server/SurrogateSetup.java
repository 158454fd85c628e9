package io.midreg.server;

import io.midreg.config.ConfigException;
import io.midreg.config.CredentialsFile;
import io.midreg.config.LoadedConfig;
import io.midreg.registrar.AorNormalizer;
import io.midreg.registrar.RegistrarService;
import io.midreg.registrar.surrogate.SurrogateRegistrar;
import io.midreg.sip.auth.DigestClient;
import io.midreg.sip.auth.NonceService;
import io.midreg.registrar.surrogate.Credentials;
import io.midreg.registrar.surrogate.LocalAuthenticator;
import io.midreg.registrar.surrogate.NegativeCache;
import io.midreg.registrar.surrogate.SurrogateClient;
import io.midreg.registrar.surrogate.SurrogateCredential;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Surrogate registration in the running server: the credentials file read at start and on each
 * reload (a file with an error changes nothing), local digest authentication with stateless
 * nonces, the negative cache, and the refresh schedule on the housekeeping thread.
 */
final class SurrogateSetup {
    private static final Logger log = LoggerFactory.getLogger(SurrogateSetup.class);

    private final SurrogateRegistrar surrogate;

    private SurrogateSetup(SurrogateRegistrar surrogate) {
        this.surrogate = surrogate;
    }

    /** Reads the credentials and starts; throws (naming the file and line) when the file is wrong. */
    static SurrogateSetup start(LoadedConfig config, RegistrarService registrar, ScheduledExecutorService housekeeping) throws ConfigException {
        List<SurrogateCredential> loaded = read(config);
        NonceService nonces = new NonceService(nonceSecret(config.upstream().tokenSecret()), Clock.systemUTC(), new SecureRandom());
        Credentials credentials = new Credentials(loaded);
        NegativeCache negative = new NegativeCache(config.upstream().negativeCacheFor());
        DigestClient digest = new DigestClient(new SecureRandom());
        SurrogateRegistrar s = registrar.enableSurrogate(core -> new SurrogateRegistrar(core, credentials, new LocalAuthenticator(nonces), negative,
                new SurrogateClient(core.legs(), digest)));
        s.provisional(config.upstream().provisionalNewDevices());
        s.scheduler().seed();
        housekeeping.scheduleWithFixedDelay(s.scheduler(), 1, 1, TimeUnit.SECONDS);
        if (!loaded.isEmpty()) log.info("surrogate registration for {} AORs from {}", loaded.size(), config.upstream().credentials());
        return new SurrogateSetup(s);
    }

    /** The credentials {@code config} names, checked; empty when it names none. */
    static List<SurrogateCredential> read(LoadedConfig config) throws ConfigException {
        if (config.upstream().credentials() == null) return List.of();
        return CredentialsFile.load(config.upstream().credentials(), new AorNormalizer(config.registrar().domainAliases()),
                config.upstream().deviceChallenge());
    }

    /** The surrogate registrar it runs. */
    SurrogateRegistrar registrar() {
        return surrogate;
    }

    /** Puts credentials read by {@link #read} in force, with the config's negative cache time. */
    void apply(LoadedConfig next, List<SurrogateCredential> loaded) {
        for (String aor : surrogate.credentials().replace(loaded)) surrogate.negativeCache().clear(aor);
        surrogate.negativeCache().holdFor(next.upstream().negativeCacheFor());
        surrogate.provisional(next.upstream().provisionalNewDevices());
        surrogate.scheduler().seed();
        log.info("surrogate credentials: {} AORs", loaded.size());
    }

    /** The local nonces' key, derived from the token secret: the same on every node and across restarts, never the secret itself. */
    private static byte[] nonceSecret(byte[] tokenSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(tokenSecret, "HmacSHA256"));
            return mac.doFinal("midreg local digest nonces".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
