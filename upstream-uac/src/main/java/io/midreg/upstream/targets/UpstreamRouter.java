package io.midreg.upstream.targets;

/**
 * The one place that picks the upstream target for what midreg sends upstream about an AOR: a
 * REGISTER (relayed, surrogate, a de-registration, an operator's), and later a call. Registrar
 * and proxy share it, so an AOR's calls go where its registration is held and both fail over
 * alike. Thread-safe and non-blocking: called on event loops.
 */
public interface UpstreamRouter {

    /** The AOR's target now, with its pacer; null when several targets are configured and none is known yet. */
    UpstreamLeg current(String aor, long nowMillis);

    /**
     * Where to send what concerns a registration held by the target named {@code heldTarget}
     * (a de-registration, an operator's action, a call): that target while it is available
     * (affinity: the registrar there has the binding), else the AOR's current one (a binding left
     * at a target out of service lapses there at its expiry). {@code heldTarget} null or empty
     * (nothing recorded): the current one.
     */
    UpstreamLeg holding(String aor, String heldTarget, long nowMillis);

    /**
     * Whether a registration held by {@code heldTarget} must move to {@code current} (the AOR's
     * target now) because its target failed: the held target is known, is not the current one,
     * and is not available (down, or no longer configured). A held target that is available but
     * not the current choice (it came back, a failback) keeps the AOR until its next due refresh.
     * Nothing moves with a single target, for records without a target, or while the current
     * target is out of service too (the refresh is answered from the store instead).
     */
    boolean mustMove(String aor, String heldTarget, UpstreamLeg current, long nowMillis);

    /**
     * Whether {@code source} is the address of a configured upstream target (any port: a PBX
     * sends from ports of its own): requests from there may reach the devices.
     */
    boolean isUpstream(java.net.InetAddress source);

    /** The several targets in use with their state (for operators), or null with the single target. */
    UpstreamRoute route();
}
