/**
 * SIP digest authentication (RFC 3261 §22, RFC 2617, RFC 7616, RFC 8760).
 *
 * <p>Works on header-value strings, so it does not depend on the SIP message model.
 *
 * <ul>
 *   <li>Syntax: {@link io.midreg.sip.auth.AuthParams} (any scheme), {@link io.midreg.sip.auth.DigestChallenge}
 *       (WWW-Authenticate / Proxy-Authenticate) and {@link io.midreg.sip.auth.DigestCredentials}
 *       (Authorization / Proxy-Authorization). Malformed input gives a {@link io.midreg.sip.auth.DigestParseException}.
 *   <li>Client side (midreg registering upstream): {@link io.midreg.sip.auth.DigestClient},
 *       {@link io.midreg.sip.auth.DigestSession}, {@link io.midreg.sip.auth.DigestSecret},
 *       {@link io.midreg.sip.auth.ChallengeSelector}.
 *   <li>Server side (midreg challenging devices): {@link io.midreg.sip.auth.NonceService} (stateless signed nonces),
 *       {@link io.midreg.sip.auth.DigestVerifier}, {@link io.midreg.sip.auth.Ha1}.
 * </ul>
 */
package io.midreg.sip.auth;
