package io.midreg.upstream.targets;

import io.midreg.upstream.health.TargetHealth;
import io.midreg.upstream.health.UpstreamFailure;

/** A test double: out of service until a given time (epoch ms), set by the test. */
final class SwitchableHealth implements TargetHealth {
    private volatile long downUntil;

    void downUntil(long millis) {
        downUntil = millis;
    }

    @Override
    public boolean available(long nowMillis) {
        return nowMillis >= downUntil;
    }

    @Override
    public long availableAgainAt(long nowMillis) {
        return Math.max(nowMillis, downUntil);
    }

    @Override
    public void answered() {
    }

    @Override
    public void failed(UpstreamFailure failure) {
    }
}
