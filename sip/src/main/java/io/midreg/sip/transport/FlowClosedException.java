package io.midreg.sip.transport;

import java.io.IOException;

/** A message was to be sent on a flow whose connection (or UDP socket) no longer exists. */
public final class FlowClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Flow flow;

    public FlowClosedException(Flow flow) {
        super("flow is closed: " + flow);
        this.flow = flow;
    }

    public FlowClosedException(Flow flow, Throwable cause) {
        super("flow is closed: " + flow, cause);
        this.flow = flow;
    }

    /** The flow that was gone. */
    public Flow flow() {
        return flow;
    }
}
