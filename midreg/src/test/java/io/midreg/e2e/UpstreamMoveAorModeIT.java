package io.midreg.e2e;

/** {@link UpstreamMoveIT} in aor mode: one upstream registration per AOR, moved by one device's refresh. */
class UpstreamMoveAorModeIT extends UpstreamMoveIT {
    @Override
    String mode() {
        return "aor";
    }
}
