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
    /** Max-Forwards exhausted (483). */
    public final LongAdder tooManyHops = new LongAdder();
}
