package io.midreg.upstream.health;

/** A target whose failures are never held against it (no breaker): the behaviour before health tracking. */
public final class AlwaysAvailable implements TargetHealth {
    @Override
    public boolean available(long nowMillis) {
        return true;
    }

    @Override
    public long availableAgainAt(long nowMillis) {
        return nowMillis;
    }

    @Override
    public void answered() {
    }

    @Override
    public void failed(UpstreamFailure failure) {
    }
}
