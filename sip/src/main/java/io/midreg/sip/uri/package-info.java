/**
 * SIP, SIPS and other URIs (RFC 3261 §19.1, IPv6 references per RFC 5118), parsed strictly from
 * message bytes or text. Depends only on {@code io.midreg.sip.syntax}; headers build on it.
 */
package io.midreg.sip.uri;
