package io.midreg.demo;

import io.midreg.sip.auth.DigestAlgorithm;
import io.midreg.sip.auth.DigestChallenge;
import io.midreg.sip.auth.DigestCredentials;
import io.midreg.sip.auth.DigestParseException;
import io.midreg.sip.auth.DigestVerifier;
import io.midreg.sip.auth.Ha1;
import io.midreg.sip.auth.NonceService;
import io.midreg.sip.auth.VerificationResult;
import io.midreg.sip.header.Contact;
import io.midreg.sip.header.InvalidHeaderException;
import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.stack.SipStack;
import io.midreg.sip.syntax.SipMethods;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.sip.transaction.ServerTransactionUser;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.ListenerConfig;
import io.midreg.sip.transport.TransportConfig;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.sip.uri.SipUri;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The registrar behind midreg in {@code midreg demo}, standing in for a PBX: a REGISTER without
 * valid digest credentials gets a 401 challenge; one with them has its Contacts stored for the
 * lifetime asked (at most {@link #MAX_EXPIRES}) and gets a 200 listing the AOR's bindings. It
 * counts every REGISTER that reaches it: the number midreg exists to keep small.
 */
public final class DemoRegistrar implements AutoCloseable {
    public static final String REALM = "demo.midreg";
    /** Longest lifetime granted, s. */
    public static final long MAX_EXPIRES = 7200;
    private static final DigestAlgorithm ALGORITHM = DigestAlgorithm.MD5;

    private final Function<String, String> passwords;
    private final LongSupplier clock;
    private final NonceService nonces;
    private final DigestVerifier verifier;
    private final SipStack stack;
    /** AOR → contact URI → expiry (epoch ms). Updated per AOR with compute, from the stack's worker threads. */
    private final ConcurrentHashMap<String, Map<String, Long>> bindings = new ConcurrentHashMap<>();
    private final LongAdder registers = new LongAdder();
    private final LongAdder challenges = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /**
     * @param passwords user name → password, null for a user it does not know
     * @param clock     epoch milliseconds
     */
    public DemoRegistrar(Function<String, String> passwords, LongSupplier clock) {
        this.passwords = passwords;
        this.clock = clock;
        byte[] secret = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(secret);
        this.nonces = new NonceService(secret, Duration.ofSeconds(300), Clock.systemUTC(), random);
        this.verifier = new DigestVerifier(nonces, REALM);
        // One event loop: a few hundred REGISTERs a second need no more, and the demo stays light.
        TransportConfig transport = TransportConfig.defaults()
                .withListeners(List.of(ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 0)))
                .withEventLoops(1);
        this.stack = SipStack.withTransactions(transport, ParserConfig.defaults(), TimerConfig.defaults().withTimerJ(Duration.ofSeconds(5)),
                new Handler(), (response, flow) -> { });
    }

    /** Binds a free loopback UDP port. */
    public void start() throws Exception {
        try {
            stack.start().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            stack.close();
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** Where it listens (UDP). */
    public InetSocketAddress address() {
        BoundListener l = stack.transport().listeners().get(0);
        return l.address();
    }

    /** What it has seen so far. */
    public Counts counts() {
        long now = clock.getAsLong();
        long live = 0;
        for (Map<String, Long> m : bindings.values()) {
            synchronized (m) {
                for (long exp : m.values()) if (exp > now) live++;
            }
        }
        return new Counts(registers.sum(), stack.transactions().stats().snapshot().retransmissionsReceived(), challenges.sum(), accepted.sum(),
                refused.sum(), live);
    }

    /**
     * @param registers  REGISTERs received (retransmissions excluded: the transaction layer absorbs them)
     * @param retransmissions requests received again (timer E retransmissions from midreg), answered by the transaction layer
     * @param challenges answered 401
     * @param accepted   answered 200
     * @param refused    answered otherwise (400, 403)
     * @param bindings   unexpired contact bindings held
     */
    public record Counts(long registers, long retransmissions, long challenges, long accepted, long refused, long bindings) {
    }

    @Override
    public void close() {
        stack.close();
    }

    private final class Handler implements ServerTransactionUser {
        @Override
        public void onNewRequest(ServerTransaction tx) {
            SipRequest req = tx.request();
            if (SipMethods.OPTIONS.equals(req.method())) {
                tx.sendResponse(200, "OK");
                return;
            }
            if (!SipMethods.REGISTER.equals(req.method())) {
                tx.sendResponse(405, "Method Not Allowed");
                return;
            }
            registers.increment();
            try {
                onRegister(tx, req);
            } catch (InvalidHeaderException | IllegalArgumentException e) {
                refused.increment();
                tx.sendResponse(400, "Bad Request");
            }
        }
    }

    private void onRegister(ServerTransaction tx, SipRequest req) {
        List<String> auths = req.authorizations();
        if (auths.isEmpty()) {
            challenge(tx, false);
            return;
        }
        DigestCredentials creds;
        try {
            creds = DigestCredentials.parse(auths.get(0));
        } catch (DigestParseException e) {
            refused.increment();
            tx.sendResponse(400, "Bad Request (Authorization)");
            return;
        }
        String password = passwords.apply(creds.username());
        if (password == null) {
            refused.increment();
            tx.sendResponse(403, "Forbidden (unknown user)");
            return;
        }
        VerificationResult v = verifier.verify(creds, SipMethods.REGISTER, Ha1.compute(ALGORITHM, creds.username(), REALM, password), ALGORITHM);
        switch (v) {
            case OK -> accept(tx, req);
            case STALE_NONCE -> challenge(tx, true);
            case WRONG_RESPONSE -> {
                refused.increment();
                tx.sendResponse(403, "Forbidden (wrong password)");
            }
            default -> challenge(tx, false);
        }
    }

    private void challenge(ServerTransaction tx, boolean stale) {
        challenges.increment();
        String value = DigestChallenge.create(REALM, nonces.issue(REALM, ALGORITHM), ALGORITHM, stale).toHeaderValue();
        tx.sendResponse(tx.newResponse(401, "Unauthorized").header("WWW-Authenticate", value).toBytes());
    }

    private void accept(ServerTransaction tx, SipRequest req) {
        SipUri to = req.to().sipUri();
        if (to == null) throw new IllegalArgumentException("To is not a SIP URI");
        String aor = to.aor();
        long headerExpires = req.expires();
        List<Contact> contacts = req.contacts();
        long now = clock.getAsLong();
        Map<String, Long> after = bindings.compute(aor, (k, current) -> {
            Map<String, Long> m = current == null ? new HashMap<>() : current;
            synchronized (m) {
                m.values().removeIf(exp -> exp <= now);
                for (Contact c : contacts) {
                    if (c.isWildcard()) {
                        m.clear();
                        continue;
                    }
                    long e = c.expires() >= 0 ? c.expires() : headerExpires >= 0 ? headerExpires : 3600;
                    String uri = c.address().uri().toString();
                    if (e == 0) m.remove(uri);
                    else m.put(uri, now + Math.min(e, MAX_EXPIRES) * 1000);
                }
                return m.isEmpty() ? null : m;
            }
        });
        accepted.increment();
        ResponseBuilder ok = tx.newResponse(200, "OK");
        if (after != null) {
            synchronized (after) {
                for (Map.Entry<String, Long> b : after.entrySet()) {
                    long left = Math.max(1, (b.getValue() - now + 999) / 1000);
                    ok.header("Contact", "<" + b.getKey() + ">;expires=" + left);
                }
            }
        }
        tx.sendResponse(ok.toBytes());
    }
}
