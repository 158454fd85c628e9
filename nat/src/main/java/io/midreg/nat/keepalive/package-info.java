/**
 * When to send keep-alives to NAT'd bindings: a hashed timing wheel with one slot per tick of the
 * keep-alive interval, each binding in the slot of its phase, so the pings of a round are spread
 * evenly over the interval (never a burst after a restart), with no timer object per binding and
 * no scan of all bindings per tick. What is sent (OPTIONS, CRLF) and on which flow is not decided
 * here.
 */
package io.midreg.nat.keepalive;
