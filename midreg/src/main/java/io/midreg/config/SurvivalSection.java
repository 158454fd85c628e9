package io.midreg.config;

/**
 * The {@code upstream.survival:} section: what midreg does for devices while the upstream does not answer.
 *
 * @param expires    the longest lifetime (seconds) a known device is given while the target is down
 * @param newDevices {@code reject} (default: a new device gets 503 with Retry-After) or {@code provisional}
 *                   (surrogate AORs only: a device authenticated by midreg is accepted now, and its
 *                   registration is sent upstream when the upstream answers again)
 * @param answerWithin seconds a known device's refresh relayed upstream may wait for the upstream's
 *                   answer before midreg answers it from the store (default 5; 0: wait for the
 *                   upstream's answer or time-out)
 */
public record SurvivalSection(Long expires, String newDevices, Double answerWithin) {
}
