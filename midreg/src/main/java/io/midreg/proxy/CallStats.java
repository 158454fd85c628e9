package io.midreg.proxy;

import java.util.concurrent.atomic.LongAdder;

/** What the proxy did with requests towards devices, counted (read by operators' views later). */
public final class CallStats {
    /** Requests sent on to a device. */
    public final LongAdder routed = new LongAdder();
    /** Requests from a source that is not a configured upstream (403). */
    public final LongAdder unknownSource = new LongAdder();
    /** Requests whose Request-URI carries no genuine token: forged, altered or none (404). */
    public final LongAdder badToken = new LongAdder();
    /** Genuine tokens whose bindings are gone (404). */
    public final LongAdder noBinding = new LongAdder();
    /** Devices whose connection is gone (480). */
    public final LongAdder flowGone = new LongAdder();
    /** In-dialog requests (loose-routed by midreg's Record-Route) sent on to the device. */
    public final LongAdder inDialogToDevice = new LongAdder();
    /** In-dialog requests sent on to the upstream. */
    public final LongAdder inDialogToUpstream = new LongAdder();
    /** In-dialog requests refused: an unsigned Route, a binding or connection gone, a stranger (403, 480, 481). */
    public final LongAdder inDialogRefused = new LongAdder();
    /** Requests from devices (out of dialog) sent on to the upstream. */
    public final LongAdder towardsUpstream = new LongAdder();
    /** Of those, sent through the Service-Route of the AOR's registration (RFC 3608). */
    public final LongAdder viaServiceRoute = new LongAdder();
    /** Requests forked to more than one binding. */
    public final LongAdder forks = new LongAdder();
    /** Branches sent (one per binding tried). */
    public final LongAdder branches = new LongAdder();
    /** CANCELs sent to branches (the losers of a fork, the caller's CANCEL, timer C). */
    public final LongAdder cancels = new LongAdder();
    /** CANCELs received from callers for a forked INVITE. */
    public final LongAdder callerCancels = new LongAdder();
    /** CANCELled branches that never answered and were ended 64*T1 after the CANCEL (RFC 3261 §9.1). */
    public final LongAdder cancelledUnanswered = new LongAdder();
    /** Timer C expiries. */
    public final LongAdder timerC = new LongAdder();
    /** Final answers sent back to the caller, by class: index 2 for 2xx ... 6 for 6xx. */
    private final LongAdder[] answeredByClass = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
            new LongAdder(), new LongAdder()};
    /** Requests that came back to midreg unchanged (482). */
    public final LongAdder loops = new LongAdder();
    /** Requests refused by validation otherwise: a Request-URI that is not SIP (416), an unsupported Proxy-Require (420), malformed (400). */
    public final LongAdder invalid = new LongAdder();
    /** Max-Forwards exhausted (483). */
    public final LongAdder tooManyHops = new LongAdder();

    /** Counts a final answer of {@code status} sent back to the caller. */
    public void answered(int status) {
        int c = status / 100;
        if (c >= 2 && c <= 6) answeredByClass[c].increment();
    }

    /** Final answers of class {@code c} (2 to 6) sent back to callers. */
    public long answeredClass(int c) {
        return answeredByClass[c].sum();
    }
}
