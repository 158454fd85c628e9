package io.midreg.proxy;

import io.midreg.sip.auth.HmacSha256;
import io.midreg.sip.uri.SipUri;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * midreg's Record-Route URIs (RFC 3261 §16.6 step 4) carry what an in-dialog request needs to
 * be routed — which binding, which flow — as URI parameters, so midreg keeps no per-dialog
 * routing state: the UAs copy the URI into their route sets and hand it back in Route on
 * every request of the dialog. The parameters are signed with HMAC-SHA256 (the first 16
 * octets, base64url, in {@value #SIGNATURE}) so nobody can steer a request to another device by
 * editing them; the check compares in constant time.
 *
 * <p>URI: {@code sip:host:port[;transport=t];lr;name=value...;mrsig=...}. The MAC covers the
 * other parameters (names lower-cased, values decoded) in the order written; {@code lr} and
 * {@code transport} are not covered (they only say how to reach midreg). Thread-safe.
 */
public final class RecordRouteSigner {
    /** The URI parameter holding the signature; it also marks a URI as midreg's Record-Route. */
    public static final String SIGNATURE = "mrsig";
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final HmacSha256 hmac;

    /** @param secret at least 16 octets, the same across restarts and nodes or live dialogs lose their route */
    public RecordRouteSigner(byte[] secret) {
        if (secret == null || secret.length < 16) throw new IllegalArgumentException("record-route secret must be at least 16 octets");
        this.hmac = new HmacSha256(secret);
    }

    /**
     * The Record-Route URI of {@code listener} with {@code params} (in their iteration order) signed.
     *
     * @throws IllegalArgumentException for a parameter name midreg uses itself (lr, transport, mrsig)
     */
    public SipUri uri(ProxyInterface listener, Map<String, String> params) {
        SipUri.Builder b = listener.uriBuilder().param("lr", null);
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!covered(e.getKey())) throw new IllegalArgumentException("reserved Record-Route parameter " + e.getKey());
            b.param(e.getKey(), e.getValue());
        }
        return b.param(SIGNATURE, sign(params)).build();
    }

    /**
     * The signed parameters of one of midreg's Record-Route URIs (now a Route or a strict-routed
     * Request-URI); empty when the signature is missing, malformed or does not match.
     */
    public Optional<Map<String, String>> verify(SipUri uri) {
        String given = uri.param(SIGNATURE);
        if (given == null) return Optional.empty();
        byte[] givenMac;
        try {
            givenMac = B64D.decode(given);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < uri.params().size(); i++) {
            String n = uri.params().name(i);
            if (covered(n)) params.put(n.toLowerCase(Locale.ROOT), uri.params().value(i));
        }
        if (!MessageDigest.isEqual(mac(params), givenMac)) return Optional.empty();
        return Optional.of(Collections.unmodifiableMap(params));
    }

    private static boolean covered(String name) {
        return !name.equalsIgnoreCase("lr") && !name.equalsIgnoreCase("transport") && !name.equalsIgnoreCase(SIGNATURE);
    }

    private String sign(Map<String, String> params) {
        return B64.encodeToString(mac(params));
    }

    /** Length-prefixed name and value of each parameter, so no two parameter sets encode alike. */
    private byte[] mac(Map<String, String> params) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        for (Map.Entry<String, String> e : params.entrySet()) {
            field(out, e.getKey().toLowerCase(Locale.ROOT));
            field(out, e.getValue());
        }
        return hmac.truncated(out.toByteArray(), MAC_BYTES);
    }

    /** Four octets of length (all ones for a flag parameter's missing value), then the octets. */
    private static void field(ByteArrayOutputStream out, String s) {
        byte[] b = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
        int n = s == null ? -1 : b.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.writeBytes(b);
    }
}
