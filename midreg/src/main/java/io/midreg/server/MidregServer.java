package io.midreg.server;

import io.midreg.config.LoadedConfig;
import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.stack.SipStack;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.BoundListener;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The appliance process: starts the SIP stack from a loaded config and stops it cleanly. */
public final class MidregServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MidregServer.class);

    private final LoadedConfig config;
    private final SipStack stack;

    public MidregServer(LoadedConfig config) {
        this.config = config;
        ParserConfig parser = new ParserConfig(config.transport().maxMessageSize(), 256);
        this.stack = SipStack.withTransactions(config.transport(), parser, TimerConfig.defaults(), new BasicResponder(),
                (response, flow) -> log.debug("stray response {} from {}", response.startLine(), flow.remote()));
    }

    /** Binds every listener; throws with the address that failed. */
    public void start() throws Exception {
        try {
            stack.start().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            stack.close();
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        for (BoundListener l : stack.transport().listeners()) {
            log.info("listening on {} {} ({} socket{})", l.config().protocol(), l.address(), l.sockets(), l.sockets() == 1 ? "" : "s");
        }
        log.info("midreg started from {}", config.source());
    }

    public List<BoundListener> listeners() {
        return stack.transport().listeners();
    }

    public SipStack stack() {
        return stack;
    }

    @Override
    public void close() {
        log.info("midreg stopping");
        stack.close();
    }
}
