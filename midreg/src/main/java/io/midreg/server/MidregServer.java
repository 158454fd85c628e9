package io.midreg.server;

import io.midreg.admin.AdminBackend;
import io.midreg.admin.AdminServer;
import io.midreg.config.LoadedConfig;
import io.midreg.config.ReloadOutcome;
import io.midreg.config.UpstreamSettings;
import io.midreg.registrar.BindingReaper;
import io.midreg.registrar.RegistrarService;
import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.stack.SipStack;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.BoundListener;
import io.midreg.store.BindingStore;
import io.midreg.store.BindingStores;
import io.midreg.upstream.ContactToken;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.UpstreamTarget;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance process: opens the store, starts the SIP stack from a loaded config, wires the
 * registrar to the upstream relay, and stops it all cleanly (transports first, store last).
 */
public final class MidregServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MidregServer.class);

    private final LoadedConfig config;
    private final LongSupplier clock;
    private final SipStack stack;
    private volatile RegistrarService registrar;
    private BindingStore store;
    private ScheduledExecutorService housekeeping;
    private AdminServer admin;

    public MidregServer(LoadedConfig config) {
        this(config, System::currentTimeMillis, config.timers());
    }

    public MidregServer(LoadedConfig config, LongSupplier clock, TimerConfig timers) {
        this.config = config;
        this.clock = clock;
        ParserConfig parser = new ParserConfig(config.transport().maxMessageSize(), 256);
        this.stack = SipStack.withTransactions(config.transport(), parser, timers, config.workers(), new SipRouter(() -> registrar),
                (response, flow) -> log.debug("stray response {} from {}", response.startLine(), flow.remote()));
    }

    /** Opens the store and binds every listener; throws with what failed. */
    public void start() throws Exception {
        store = BindingStores.open(config.store());
        try {
            stack.start().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            close();
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        UpstreamSettings up = config.upstream();
        UpstreamTarget target = new UpstreamTarget(up.protocol(), up.address(), up.requestUri(), advertised(up));
        registrar = new RegistrarService(config.registrar(), store, config.store().capacity(),
                new UpstreamRelay(stack.transactions(), target), new ContactToken(up.tokenSecret()), clock);
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "midreg-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(new BindingReaper(store, clock), 1, 1, TimeUnit.SECONDS);
        startAdmin();
        for (BoundListener l : stack.transport().listeners()) {
            log.info("listening on {} {} ({} socket{})", l.config().protocol(), l.address(), l.sockets(), l.sockets() == 1 ? "" : "s");
        }
        log.info("registrar in {} mode, upstream {} {} as {}, store {} ({} AORs)", config.registrar().mode().name().toLowerCase(),
                up.protocol(), up.address(), target.advertised(), config.store().file(), store.count());
        log.info("midreg started from {}", config.source());
    }

    /** The admin HTTP API, once the registrar is wired (it drives the registrar). */
    private void startAdmin() throws Exception {
        admin = new AdminServer(config.admin(), new AdminBackend(registrar, stack, store, clock, System.nanoTime(), this::reload));
        try {
            admin.start();
        } catch (Exception e) {
            admin = null;
            close();
            throw e;
        }
    }

    /** Re-reads the config file and applies what can change live (not available yet: nothing is applied). */
    public ReloadOutcome reload() {
        return ReloadOutcome.failed("reload not available");
    }

    /** The admin HTTP API, once started. */
    public AdminServer admin() {
        return admin;
    }

    /** host:port of the listener that speaks the upstream's transport, as midreg names itself upstream. */
    private String advertised(UpstreamSettings up) {
        for (BoundListener l : stack.transport().listeners()) {
            if (l.config().protocol() == up.protocol()) {
                InetSocketAddress a = l.address();
                String host = a.getAddress().isAnyLocalAddress() ? up.address().getAddress().isLoopbackAddress() ? "127.0.0.1" : a.getHostString()
                        : a.getAddress().getHostAddress();
                if (host.indexOf(':') >= 0) host = "[" + host + "]";
                return host + ":" + a.getPort();
            }
        }
        throw new IllegalStateException("no " + up.protocol() + " listener to reach the upstream over");
    }

    public List<BoundListener> listeners() {
        return stack.transport().listeners();
    }

    public SipStack stack() {
        return stack;
    }

    /** The registrar, once started. */
    public RegistrarService registrar() {
        return registrar;
    }

    public BindingStore store() {
        return store;
    }

    @Override
    public void close() {
        log.info("midreg stopping");
        if (registrar != null) {
            log.info("registrar counters: {}", registrar.stats().snapshot());
            log.info("transaction counters: {}", stack.transactions().stats().snapshot());
        }
        if (admin != null) admin.close();
        if (housekeeping != null) housekeeping.shutdownNow();
        stack.close();
        if (store != null) store.close();
    }
}
