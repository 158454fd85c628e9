package io.midreg.nat.detect;

/**
 * One rule a request failed, with what was seen (for logs and {@code bindings show}).
 *
 * @param rule   the rule
 * @param detail the addresses compared, e.g. "Via 192.168.1.23 is PRIVATE"
 */
public record NatReason(NatRule rule, String detail) {
    public NatReason {
        if (rule == null || detail == null) throw new IllegalArgumentException("rule and detail must be set");
    }
}
