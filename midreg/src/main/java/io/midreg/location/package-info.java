/**
 * Where registered devices are, for everything that is not the registrar: the proxy, NAT
 * keep-alives and media read bindings, contact tokens, live flows and holding targets through
 * {@link io.midreg.location.Location}; only the registrar writes the store.
 */
package io.midreg.location;
