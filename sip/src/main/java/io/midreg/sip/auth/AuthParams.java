package io.midreg.sip.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An authentication header value of any scheme, split into the scheme token and its auth-params
 * (RFC 7235 §2.1, RFC 3261 §25.1): {@code scheme 1*SP name=value *("," name=value)}, values being tokens or
 * quoted-strings, names compared ignoring case, linear whitespace anywhere between elements, empty list elements
 * tolerated, duplicate names rejected (a second {@code nonce} would make the value ambiguous).
 *
 * @param scheme the auth-scheme token as received, e.g. {@code Digest}
 * @param params the parameters in order, unknown ones included
 */
public record AuthParams(String scheme, List<AuthParam> params) {

    /** Values longer than this are rejected: real digest headers are a few hundred characters, so this bounds work. */
    public static final int MAX_LENGTH = 4096;

    /** The Digest scheme name. */
    public static final String DIGEST = "Digest";

    /** Validates the scheme and copies the list. */
    public AuthParams {
        if (!AuthParam.isToken(scheme)) {
            throw new IllegalArgumentException("auth-scheme is not a token");
        }
        params = List.copyOf(params);
    }

    /**
     * Parses a header value of any scheme.
     *
     * @throws DigestParseException if it is null, too long, or not {@code scheme [auth-param list]}
     */
    public static AuthParams parse(String headerValue) throws DigestParseException {
        return new AuthParamParser(headerValue).parse();
    }

    /**
     * Only the scheme token, without parsing the parameters: lets a registrar skip non-Digest credentials cheaply.
     *
     * @throws DigestParseException if the value is null, too long or does not start with a token
     */
    public static String schemeOf(String headerValue) throws DigestParseException {
        return new AuthParamParser(headerValue).scheme();
    }

    /** True when the scheme is Digest (ignoring case). */
    public boolean isDigest() {
        return DIGEST.equalsIgnoreCase(scheme);
    }

    /** The value of the parameter named {@code name} (ignoring case). */
    public Optional<String> value(String name) {
        return Optional.ofNullable(valueOrNull(name));
    }

    String valueOrNull(String name) {
        for (AuthParam param : params) {
            if (param.hasName(name)) {
                return param.value();
            }
        }
        return null;
    }

    /** The header value: scheme, a space, then the parameters separated by ", ". */
    public String toHeaderValue() {
        HeaderValueWriter writer = new HeaderValueWriter(scheme);
        for (AuthParam param : params) {
            writer.param(param);
        }
        return writer.toString();
    }

    /** Parameters whose names are not in {@code known} (ignoring case), in order. */
    List<AuthParam> paramsOtherThan(List<String> known) {
        List<AuthParam> others = new ArrayList<>();
        for (AuthParam param : params) {
            if (known.stream().noneMatch(param::hasName)) {
                others.add(param);
            }
        }
        return others;
    }

    /** Throws NOT_DIGEST_SCHEME unless this is a Digest value. */
    AuthParams requireDigest() throws DigestParseException {
        if (!isDigest()) {
            throw new DigestParseException(DigestParseException.Reason.NOT_DIGEST_SCHEME,
                    "auth-scheme '" + scheme + "' is not Digest");
        }
        return this;
    }

    /** The value of a parameter the scheme requires. */
    String required(String name) throws DigestParseException {
        String value = valueOrNull(Objects.requireNonNull(name));
        if (value == null) {
            throw new DigestParseException(DigestParseException.Reason.MISSING_PARAMETER,
                    "missing parameter '" + name + "'");
        }
        return value;
    }
}
