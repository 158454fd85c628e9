package io.midreg.nat.detect;

import java.util.List;

/**
 * What {@link NatDetector} concluded about one request: behind a NAT when any rule fired.
 *
 * @param reasons the rules that fired, in {@link NatRule} order; empty for a device reached directly
 */
public record NatVerdict(List<NatReason> reasons) {
    public NatVerdict {
        reasons = List.copyOf(reasons);
    }

    public boolean behindNat() {
        return !reasons.isEmpty();
    }

    public boolean fired(NatRule rule) {
        for (NatReason r : reasons) {
            if (r.rule() == rule) return true;
        }
        return false;
    }
}
