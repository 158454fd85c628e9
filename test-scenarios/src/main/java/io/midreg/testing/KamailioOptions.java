package io.midreg.testing;

/**
 * How to start a {@link KamailioRegistrar}.
 *
 * @param auth              challenge every REGISTER with digest auth; user U's password is {@code pw-U}
 * @param realm             the digest realm
 * @param udpPort           UDP port on 127.0.0.1; 0 picks a free one
 * @param tcpPort           TCP port on 127.0.0.1; 0 picks a free one (the UDP port when that is also picked)
 * @param logLevel          Kamailio's core log level: -1 errors and warnings ... 3 debug
 * @param initialMode       how REGISTERs are answered from the start
 * @param retryAfterSeconds Retry-After of {@link RegistrarMode#UNAVAILABLE_503} answers
 * @param minExpires        shorter expiries get 423 Interval Too Brief with this Min-Expires
 * @param children          worker processes per listener
 * @param maxExpires        longer expiries are cut to this (what the 200 grants)
 * @param authAlgorithm     the digest algorithm of its challenges (the auth module's {@code algorithm}: MD5 or SHA-256);
 *                          null for Kamailio's default (MD5, without an algorithm parameter)
 * @param calls             whether it is also the PBX's proxy for calls to the contacts it holds
 */
public record KamailioOptions(boolean auth, String realm, int udpPort, int tcpPort, int logLevel, RegistrarMode initialMode,
                              int retryAfterSeconds, int minExpires, int children, int maxExpires, String authAlgorithm,
                              KamailioCalls calls) {
    /** The realm unless told otherwise; also the domain the SIPp scenarios register in. */
    public static final String DEFAULT_REALM = "midreg.test";

    public KamailioOptions {
        if (realm == null || realm.isBlank() || realm.contains("\"")) throw new IllegalArgumentException("bad realm: " + realm);
        if (udpPort < 0 || udpPort > 65535 || tcpPort < 0 || tcpPort > 65535) throw new IllegalArgumentException("bad port");
        if (initialMode == null) throw new IllegalArgumentException("initialMode is required");
        if (retryAfterSeconds < 0 || minExpires < 0 || children < 1 || maxExpires < 1) throw new IllegalArgumentException("bad numeric option");
        if (authAlgorithm != null && !authAlgorithm.equals("MD5") && !authAlgorithm.equals("SHA-256")) throw new IllegalArgumentException("bad algorithm");
        if (calls == null) throw new IllegalArgumentException("calls is required");
    }

    /** Digest auth on, realm {@value #DEFAULT_REALM}, free ports, quiet logs, answering normally. */
    public static KamailioOptions withAuth() {
        return new KamailioOptions(true, DEFAULT_REALM, 0, 0, 1, RegistrarMode.NORMAL, 30, 60, 2, 3600, null, KamailioCalls.NONE);
    }

    /** As {@link #withAuth()} but accepting every REGISTER without a challenge (load benchmarks). */
    public static KamailioOptions withoutAuth() {
        return withAuth().auth(false);
    }

    public KamailioOptions auth(boolean on) {
        return new KamailioOptions(on, realm, udpPort, tcpPort, logLevel, initialMode, retryAfterSeconds, minExpires, children, maxExpires, authAlgorithm, calls);
    }

    public KamailioOptions realm(String value) {
        return new KamailioOptions(auth, value, udpPort, tcpPort, logLevel, initialMode, retryAfterSeconds, minExpires, children, maxExpires, authAlgorithm, calls);
    }

    public KamailioOptions ports(int udp, int tcp) {
        return new KamailioOptions(auth, realm, udp, tcp, logLevel, initialMode, retryAfterSeconds, minExpires, children, maxExpires, authAlgorithm, calls);
    }

    public KamailioOptions logLevel(int value) {
        return new KamailioOptions(auth, realm, udpPort, tcpPort, value, initialMode, retryAfterSeconds, minExpires, children, maxExpires, authAlgorithm, calls);
    }

    public KamailioOptions initialMode(RegistrarMode value) {
        return new KamailioOptions(auth, realm, udpPort, tcpPort, logLevel, value, retryAfterSeconds, minExpires, children, maxExpires, authAlgorithm, calls);
    }

    public KamailioOptions retryAfterSeconds(int value) {
        return new KamailioOptions(auth, realm, udpPort, tcpPort, logLevel, initialMode, value, minExpires, children, maxExpires, authAlgorithm, calls);
    }

    public KamailioOptions minExpires(int value) {
        return new KamailioOptions(auth, realm, udpPort, tcpPort, logLevel, initialMode, retryAfterSeconds, value, children, maxExpires, authAlgorithm, calls);
    }

    public KamailioOptions children(int value) {
        return new KamailioOptions(auth, realm, udpPort, tcpPort, logLevel, initialMode, retryAfterSeconds, minExpires, value, maxExpires, authAlgorithm, calls);
    }

    public KamailioOptions maxExpires(int value) {
        return new KamailioOptions(auth, realm, udpPort, tcpPort, logLevel, initialMode, retryAfterSeconds, minExpires, children, value, authAlgorithm, calls);
    }

    public KamailioOptions authAlgorithm(String value) {
        return new KamailioOptions(auth, realm, udpPort, tcpPort, logLevel, initialMode, retryAfterSeconds, minExpires, children, maxExpires, value, calls);
    }

    public KamailioOptions calls(KamailioCalls value) {
        return new KamailioOptions(auth, realm, udpPort, tcpPort, logLevel, initialMode, retryAfterSeconds, minExpires, children, maxExpires, authAlgorithm, value);
    }
}
