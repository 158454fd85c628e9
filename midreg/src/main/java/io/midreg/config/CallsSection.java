package io.midreg.config;

import java.util.List;

/**
 * The {@code calls:} section: midreg as the proxy between the upstream and the devices.
 *
 * @param timerC              seconds an INVITE branch may go without a provisional answer (RFC 3261 §16.8)
 * @param trustedSources      addresses or CIDR prefixes, besides the upstream targets, whose requests may reach devices
 * @param unregisteredSources addresses or CIDR prefixes whose requests go upstream though they registered nothing
 */
public record CallsSection(Double timerC, List<String> trustedSources, List<String> unregisteredSources) {
}
