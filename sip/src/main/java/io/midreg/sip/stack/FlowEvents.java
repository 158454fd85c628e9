package io.midreg.sip.stack;

import io.midreg.sip.transport.Flow;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's flow events and who listens to them. Subscribing is rare (at start), publishing
 * happens for every closed connection and keep-alive: listeners are kept in a copy-on-write list
 * so publishing takes no lock. One listener's failure does not keep the event from the others.
 */
public final class FlowEvents {
    private static final Logger log = LoggerFactory.getLogger(FlowEvents.class);

    private final List<FlowListener> listeners = new CopyOnWriteArrayList<>();

    /** Adds {@code listener}; closing the returned handle removes it again. */
    public AutoCloseable subscribe(FlowListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    void flowClosed(Flow flow) {
        for (FlowListener l : listeners) {
            try {
                l.onFlowClosed(flow);
            } catch (RuntimeException e) {
                log.warn("flow listener failed on the close of {}", flow, e);
            }
        }
    }

    void keepAlive(Flow flow) {
        for (FlowListener l : listeners) {
            try {
                l.onKeepAlive(flow);
            } catch (RuntimeException e) {
                log.warn("flow listener failed on a keep-alive on {}", flow, e);
            }
        }
    }
}
