/**
 * The building blocks of the SIP grammar (RFC 3261 §25) that URIs, header values and messages
 * all use: byte character classes and scanning helpers, generic parameters ({@code ;name=value},
 * RFC 3261 §7.3.1 and §19.1.1), and method names.
 *
 * <p>The bottom of the codec: it depends on nothing of ours, so {@code uri}, {@code header} and
 * {@code message} can each depend only downwards ({@code message → header → uri → syntax}).
 */
package io.midreg.sip.syntax;
