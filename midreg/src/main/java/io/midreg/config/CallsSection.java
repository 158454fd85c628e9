package io.midreg.config;

import java.util.List;

/**
 * The {@code calls:} section: midreg as the proxy between the upstream and the devices.
 *
 * @param timerC              seconds an INVITE branch may go without a provisional answer (RFC 3261 §16.8)
 * @param trustedSources      addresses or CIDR prefixes, besides the upstream targets, whose requests may reach devices
 * @param unregisteredSources addresses or CIDR prefixes whose requests go upstream though they registered nothing
 * @param dialogExpiry        seconds an answered call may go without an in-dialog request before it leaves the call table
 * @param maxDialogs          most calls in the call table at once; a new call beyond gets 503
 */
public record CallsSection(Double timerC, List<String> trustedSources, List<String> unregisteredSources, Double dialogExpiry,
                           Integer maxDialogs) {
}
