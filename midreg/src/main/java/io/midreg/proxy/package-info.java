/**
 * Calls through midreg, the stateful proxy (RFC 3261 §16): requests from the upstream routed to
 * the devices their token Contacts name, found through {@link io.midreg.location.Location}.
 */
package io.midreg.proxy;
