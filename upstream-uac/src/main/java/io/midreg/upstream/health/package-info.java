/**
 * Health of the upstream targets: what their answers, silences and Retry-Afters say about
 * sending them more REGISTERs (circuit breaker, Retry-After, OPTIONS probes).
 */
package io.midreg.upstream.health;
