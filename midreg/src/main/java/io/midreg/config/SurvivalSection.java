package io.midreg.config;

/**
 * The {@code upstream.survival:} section: what midreg does for devices while the upstream does not answer.
 *
 * @param expires    the longest lifetime (seconds) a known device is given while the target is down
 * @param newDevices {@code reject} (default: a new device gets 503 with Retry-After) or {@code provisional}
 *                   (surrogate AORs only: a device authenticated by midreg is accepted now, and its
 *                   registration is sent upstream when the upstream answers again)
 */
public record SurvivalSection(Long expires, String newDevices) {
}
