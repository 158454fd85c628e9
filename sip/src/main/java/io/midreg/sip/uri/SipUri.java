package io.midreg.sip.uri;

import io.midreg.sip.syntax.Parameters;
import java.util.Locale;
import java.util.Objects;

/**
 * A sip: or sips: URI (RFC 3261 §19.1). Keeps the text as written ({@link #toString()}); user
 * and password are kept escaped as written and offered decoded; URI parameters are kept
 * decoded (so {@code n%61me=v%61lue} reads as {@code name=value}). Immutable.
 */
public final class SipUri implements Uri {
    private final String raw;
    private final boolean secure;
    private final String user;
    private final String password;
    private final String host;
    private final int port;
    private final Parameters params;
    private final String headers;

    SipUri(String raw, boolean secure, String user, String password, String host, int port, Parameters params, String headers) {
        this.raw = raw;
        this.secure = secure;
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
        this.params = params;
        this.headers = headers;
    }

    public static SipUri parse(String text) {
        Uri u = UriParser.parse(text);
        if (u instanceof SipUri s) return s;
        throw new InvalidUriException("not a sip or sips URI");
    }

    @Override
    public String scheme() {
        return secure ? "sips" : "sip";
    }

    public boolean secure() {
        return secure;
    }

    /** User part as written (escaped), or null. */
    public String user() {
        return user;
    }

    /** User part with %HH escapes decoded, or null. */
    public String userDecoded() {
        return PercentCodec.decode(user);
    }

    public String password() {
        return password;
    }

    /** Host as written; an IPv6 reference keeps its brackets. */
    public String host() {
        return host;
    }

    public boolean hostIsIpv6() {
        return host.startsWith("[");
    }

    /** Port, or -1 when absent. */
    public int port() {
        return port;
    }

    /** Port, or the default for the scheme and transport when absent. */
    public int portOrDefault() {
        if (port >= 0) return port;
        return secure || "tls".equalsIgnoreCase(transport()) ? 5061 : 5060;
    }

    /** URI parameters, names and values decoded. */
    public Parameters params() {
        return params;
    }

    public String param(String name) {
        return params.get(name);
    }

    public boolean hasParam(String name) {
        return params.has(name);
    }

    /** The transport parameter in lower case, or null. */
    public String transport() {
        String t = params.get("transport");
        return t == null ? null : t.toLowerCase(Locale.ROOT);
    }

    public boolean lr() {
        return params.has("lr");
    }

    /** The header component after '?', as written, or null. */
    public String headers() {
        return headers;
    }

    /** host[:port] as written. */
    public String hostPort() {
        return port >= 0 ? host + ":" + port : host;
    }

    /** The address-of-record form: scheme, user and host (lower-cased), no port, parameters or headers. */
    public String aor() {
        StringBuilder b = new StringBuilder(raw.length());
        b.append(scheme()).append(':');
        if (user != null) b.append(user).append('@');
        b.append(host.toLowerCase(Locale.ROOT));
        return b.toString();
    }

    /**
     * URI comparison per RFC 3261 §19.1.4: scheme, user and password (case-sensitive, after
     * decoding), host (case-insensitive), port (absent differs from 5060); the parameters
     * user, ttl, method, maddr and transport must match when either side has them, other
     * parameters only when both have them; headers must match.
     */
    public boolean equivalent(SipUri o) {
        if (o == this) return true;
        if (secure != o.secure || port != o.port) return false;
        if (!Objects.equals(userDecoded(), o.userDecoded())) return false;
        if (!Objects.equals(PercentCodec.decode(password), PercentCodec.decode(o.password))) return false;
        if (!host.equalsIgnoreCase(o.host)) return false;
        for (String p : new String[] {"user", "ttl", "method", "maddr", "transport"}) {
            String a = params.get(p);
            String b = o.params.get(p);
            if (params.has(p) != o.params.has(p)) return false;
            if (a != null && !a.equalsIgnoreCase(b)) return false;
        }
        for (int i = 0; i < params.size(); i++) {
            String n = params.name(i);
            if (o.params.has(n)) {
                // the first of a repeated name counts on both sides, as everywhere a parameter is read
                String a = params.get(n);
                String b = o.params.get(n);
                if (a == null ? b != null : !a.equalsIgnoreCase(b)) return false;
            }
        }
        return Objects.equals(PercentCodec.decode(headers), PercentCodec.decode(o.headers));
    }

    /** Starts a new URI from this one's parts. */
    public Builder toBuilder() {
        return new Builder(secure, user, password, host, port, params, headers);
    }

    public static Builder builder(String host) {
        return new Builder(false, null, null, host, -1, Parameters.EMPTY, null);
    }

    @Override
    public String toString() {
        return raw;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipUri s && raw.equals(s.raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    /** Builds a URI from parts; parameters given decoded are escaped where the grammar needs it. */
    public static final class Builder {
        private boolean secure;
        private String user;
        private String password;
        private String host;
        private int port;
        private Parameters params;
        private String headers;

        Builder(boolean secure, String user, String password, String host, int port, Parameters params, String headers) {
            this.secure = secure;
            this.user = user;
            this.password = password;
            this.host = host;
            this.port = port;
            this.params = params;
            this.headers = headers;
        }

        public Builder secure(boolean v) { this.secure = v; return this; }

        /** User part, already escaped. */
        public Builder user(String v) { this.user = v; return this; }

        public Builder host(String v) { this.host = v; return this; }

        public Builder port(int v) { this.port = v; return this; }

        public Builder param(String name, String value) { this.params = params.with(name, value); return this; }

        public Builder removeParam(String name) { this.params = params.without(name); return this; }

        public Builder clearParams() { this.params = Parameters.EMPTY; return this; }

        public Builder headers(String v) { this.headers = v; return this; }

        public SipUri build() {
            StringBuilder b = new StringBuilder(64);
            b.append(secure ? "sips:" : "sip:");
            if (user != null) {
                b.append(user);
                if (password != null) b.append(':').append(password);
                b.append('@');
            }
            if (host.indexOf(':') >= 0 && !host.startsWith("[")) b.append('[').append(host).append(']');
            else b.append(host);
            if (port >= 0) b.append(':').append(port);
            for (int i = 0; i < params.size(); i++) {
                b.append(';').append(PercentCodec.encode(params.name(i), PercentCodec.CharClass.PARAM));
                if (params.value(i) != null) b.append('=').append(PercentCodec.encode(params.value(i), PercentCodec.CharClass.PARAM));
            }
            if (headers != null) b.append('?').append(headers);
            return SipUri.parse(b.toString());
        }
    }
}
