/**
 * The SIP message model: the lazy parser (start line and an index of header positions), requests
 * and responses whose typed header values are parsed on first use, and the builders and editor
 * that write messages (RFC 3261 §7). The top of the codec: it uses {@code io.midreg.sip.header},
 * {@code io.midreg.sip.uri} and {@code io.midreg.sip.syntax}; transports, transactions and the
 * stack build on it.
 */
package io.midreg.sip.message;
