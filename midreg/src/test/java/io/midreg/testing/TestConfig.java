package io.midreg.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A midreg config for tests, as YAML text: UDP on a free loopback port, the admin API on a free
 * loopback port, a store file, and an upstream; each test adds the keys it is about.
 *
 * <pre>{@code
 * String yaml = TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store"))
 *         .registrar("maxContacts", 2).upstream("insertion", "path").yaml();
 * }</pre>
 */
public final class TestConfig {
    private final Map<String, Object> sip = new LinkedHashMap<>();
    private final Map<String, Object> registrar = new LinkedHashMap<>();
    private int sipPort;
    private String sipHost = "127.0.0.1";
    private final java.util.List<String> moreListeners = new java.util.ArrayList<>();
    private final Map<String, Object> upstream = new LinkedHashMap<>();
    private final Map<String, Object> store = new LinkedHashMap<>();
    private final Map<String, Object> admin = new LinkedHashMap<>();

    private TestConfig(String upstreamTarget, Path storeFile) {
        registrar.put("mode", "contact");
        registrar.put("minExpires", 30);
        upstream.put("target", upstreamTarget);
        upstream.put("tokenSecret", "test-secret-0123456789");
        store.put("file", storeFile);
        store.put("capacity", 1000);
        admin.put("listen", "127.0.0.1:0");
    }

    /** Contact mode, minExpires 30, upstream on 127.0.0.1:{@code upstreamPort}. */
    public static TestConfig loopback(int upstreamPort, Path storeFile) {
        return new TestConfig("127.0.0.1:" + upstreamPort, storeFile);
    }

    public static TestConfig loopback(String upstreamTarget, Path storeFile) {
        return new TestConfig(upstreamTarget, storeFile);
    }

    /** The UDP listener's port (default 0: any free one). */
    public TestConfig sipPort(int port) {
        sipPort = port;
        return this;
    }

    /** The UDP listener's address (default 127.0.0.1): another address of this host, e.g. a test's veth end. */
    public TestConfig sipHost(String host) {
        sipHost = host;
        return this;
    }

    /**
     * One more listener on 127.0.0.1, any free port: {@code tcp}, or {@code tls} with the
     * {@link TestCertificate} that {@link SipPeer} trusts.
     */
    public TestConfig listener(String transport) {
        return listener(transport, "127.0.0.1");
    }

    /** One more listener on {@code host} (an address of this host), any free port; see {@link #listener(String)}. */
    public TestConfig listener(String transport, String host) {
        String tls = transport.equals("tls")
                ? ", certificate: \"" + TestCertificate.cert() + "\", privateKey: \"" + TestCertificate.key() + "\"" : "";
        moreListeners.add("    - { transport: " + transport + ", host: " + host + ", port: 0" + tls + " }\n");
        return this;
    }

    /** A {@code sip:} key beside the listener (shutdownGrace, workers, ...). */
    public TestConfig sip(String key, Object value) {
        sip.put(key, value);
        return this;
    }

    public TestConfig registrar(String key, Object value) {
        registrar.put(key, value);
        return this;
    }

    public TestConfig upstream(String key, Object value) {
        upstream.put(key, value);
        return this;
    }

    /** Without {@code upstream.target}: for upstream.targets or upstream.domain instead. */
    public TestConfig withoutUpstreamTarget() {
        upstream.remove("target");
        return this;
    }

    public TestConfig store(String key, Object value) {
        store.put(key, value);
        return this;
    }

    public TestConfig admin(String key, Object value) {
        admin.put(key, value);
        return this;
    }

    public String yaml() {
        StringBuilder b = new StringBuilder("sip:\n  listeners:\n    - transport: udp\n      host: " + sipHost + "\n      port: " + sipPort + "\n");
        moreListeners.forEach(b::append);
        sip.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        section(b, "registrar", registrar);
        section(b, "upstream", upstream);
        section(b, "store", store);
        section(b, "admin", admin);
        return b.toString();
    }

    private static void section(StringBuilder b, String name, Map<String, Object> keys) {
        b.append(name).append(":\n");
        keys.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
    }
}
