package io.midreg.server;

import io.midreg.admin.AdminBackend;
import io.midreg.admin.AdminServer;
import io.midreg.proxy.dialog.DialogTable;
import io.midreg.config.ConfigChanges;
import io.midreg.config.ConfigException;
import io.midreg.config.LoadedConfig;
import io.midreg.config.ReloadOutcome;
import io.midreg.config.ReloadableKeys;
import io.midreg.config.UpstreamSettings;
import io.midreg.location.Location;
import io.midreg.location.StoreLocation;
import io.midreg.proxy.DeviceRouting;
import io.midreg.registrar.BindingReaper;
import io.midreg.registrar.RegistrarService;
import io.midreg.sip.message.ParserConfig;
import io.midreg.nat.stun.StunResponder;
import io.midreg.sip.stack.SipStack;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.BoundListener;
import io.midreg.store.BindingStore;
import io.midreg.store.BindingStores;
import io.midreg.upstream.ContactToken;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.UpstreamTarget;
import io.midreg.upstream.pacing.UpstreamPacer;
import io.midreg.upstream.targets.HoldingTargetRouter;
import io.midreg.upstream.targets.UpstreamLeg;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance process: opens the store, starts the SIP stack from a loaded config, wires the
 * registrar to the upstream relay, reloads the config file on demand, and stops it all cleanly:
 * new requests are no longer answered, REGISTERs already relayed upstream get up to
 * {@code sip.shutdownGrace} to be answered, then the transports close and the store last.
 */
public final class MidregServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MidregServer.class);

    /** How often a stop looks whether the relayed REGISTERs have been answered. */
    private static final long DRAIN_POLL_MILLIS = 20;

    /** How long a stop waits for a housekeeping pass (reaper, de-registrar, scheduler) to finish. */
    private static final long HOUSEKEEPING_STOP_SECONDS = 5;

    /** The config the process started from: settings that need a restart stay as it says. */
    private final LoadedConfig config;
    private final LongSupplier clock;
    private final LogLevels logLevels;
    private final SipStack stack;
    /** Answers STUN keep-alives on the UDP SIP ports (RFC 5626 §8); null when {@code nat.stun.enabled} is off. */
    private final StunResponder stun;
    private volatile RegistrarService registrar;
    /** The config last applied (at start or by a reload): reloadable settings come from it. */
    private volatile LoadedConfig applied;
    /** Set when stopping: new requests are left unanswered (UDP devices retransmit to the next instance). */
    private volatile boolean draining;
    private boolean closed;
    /** Set once start() completed: a start that failed is undone without the stop's report. */
    private volatile boolean started;
    private BindingStore store;
    private ScheduledExecutorService housekeeping;
    private AdminServer admin;
    /** DNS look-ups of next hops that may run at once, wait for a thread, and names kept (the bounds of {@link io.midreg.upstream.targets.NextHopNames}). */
    private static final int NEXT_HOP_LOOKUP_THREADS = 2;
    private static final int NEXT_HOP_LOOKUPS_WAITING = 256;
    private static final int NEXT_HOP_NAMES_KEPT = 4096;
    private UpstreamPacer pacer;
    /** Next hops named by DNS names (a Service-Route's, an in-dialog request's), looked up off the event loops. */
    private io.midreg.upstream.targets.NextHopNames nextHopNames;
    /** With several upstream targets: those in force, and the DNS look-ups that keep them current (or null). */
    private volatile UpstreamTargetsWiring.Running targets;
    /** Gives each upstream target its health; null (the default): a circuit breaker per target from {@code upstream.breaker}. */
    private java.util.function.Function<io.midreg.upstream.targets.Candidate, io.midreg.upstream.health.TargetHealth> targetHealth;
    private SurrogateSetup surrogate;
    /** Where registered devices are, for readers other than the registrar; null before start. */
    private volatile Location location;
    /** Routes requests from the upstream to the devices; null before start. */
    private volatile DeviceRouting calls;
    /** The calls the proxy routes now; null before start. */
    private DialogTable dialogs;
    /** How long after timer C an unanswered call may still be ended by its transactions (64*T1, RFC 3261 §17.1.1.2). */
    private static final java.time.Duration TRANSACTION_END = java.time.Duration.ofSeconds(32);

    public MidregServer(LoadedConfig config) {
        this(config, LogLevels.UNSUPPORTED);
    }

    public MidregServer(LoadedConfig config, LogLevels logLevels) {
        this(config, System::currentTimeMillis, config.timers(), logLevels);
    }

    public MidregServer(LoadedConfig config, LongSupplier clock, TimerConfig timers) {
        this(config, clock, timers, LogLevels.UNSUPPORTED);
    }

    public MidregServer(LoadedConfig config, LongSupplier clock, TimerConfig timers, LogLevels logLevels) {
        this.config = config;
        this.applied = config;
        this.clock = clock;
        this.logLevels = logLevels;
        ParserConfig parser = new ParserConfig(config.transport().maxMessageSize(), 256);
        this.stack = SipStack.withTransactions(config.transport(), parser, timers, config.workers(),
                new SipRouter(methods(), () -> draining, this::optionsForADevice),
                (response, flow) -> log.debug("stray response {} from {}", response.startLine(), flow.remote()));
        this.stun = config.nat().stunEnabled() ? new StunResponder() : null;
        if (stun != null) stack.transport().handleNonSipDatagrams(stun);
    }

    /** The method table: REGISTER to the registrar, the requests a device can be sent to the proxy. */
    private java.util.Map<String, io.midreg.sip.transaction.ServerTransactionUser> methods() {
        java.util.Map<String, io.midreg.sip.transaction.ServerTransactionUser> m = new java.util.HashMap<>();
        m.put(io.midreg.sip.syntax.SipMethods.REGISTER, this::onRegister);
        io.midreg.sip.transaction.ServerTransactionUser toDevices = new ToDevices();
        for (String method : DeviceRouting.METHODS) m.put(method, toDevices);
        return m;
    }

    /** Requests towards devices go to the proxy once it is wired; before that, 503. */
    private final class ToDevices implements io.midreg.sip.transaction.ServerTransactionUser {
        @Override
        public void onNewRequest(io.midreg.sip.transaction.ServerTransaction tx) {
            DeviceRouting c = calls;
            if (c == null) tx.sendResponse(tx.newResponse(503, "Service Unavailable (starting)").header("Retry-After", "5").toBytes());
            else c.onNewRequest(tx);
        }

        @Override
        public void onCancel(io.midreg.sip.transaction.ServerTransaction cancel, io.midreg.sip.transaction.ServerTransaction invite) {
            DeviceRouting c = calls;
            if (c == null) io.midreg.sip.transaction.ServerTransactionUser.super.onCancel(cancel, invite);
            else c.onCancel(cancel, invite);
        }

        @Override
        public void onStrayAck(io.midreg.sip.message.SipRequest ack, io.midreg.sip.transport.Flow flow) {
            DeviceRouting c = calls;
            if (c != null) c.onStrayAck(ack, flow);
        }
    }

    /** Whether an OPTIONS is a qualify for a device midreg registered (the proxy routes it), not for midreg itself. */
    private boolean optionsForADevice(io.midreg.sip.message.SipRequest options) {
        DeviceRouting c = calls;
        return c != null && c.routes(options);
    }

    /** The call table's sweep: often enough that an unanswered call is ended soon after its bound, at most every 30 s. */
    private static java.time.Duration sweepPeriod(java.time.Duration timerC) {
        long millis = Math.max(1_000, Math.min(30_000, timerC.toMillis() / 2));
        return java.time.Duration.ofMillis(millis);
    }

    /** midreg as it names itself on {@code flow}: the listener's address, or towards the peer when it is bound to the wildcard. */
    private static io.midreg.proxy.ProxyInterface outbound(io.midreg.sip.transport.Flow flow) {
        InetSocketAddress local = flow.local();
        String host = local.getAddress().isAnyLocalAddress() ? sourceAddressTowards(flow.remote()) : local.getAddress().getHostAddress();
        return new io.midreg.proxy.ProxyInterface(flow.protocol(), host, local.getPort());
    }

    /**
     * Every address midreg answers at, for recognising its own Route entries: each listener's
     * address, and for one bound to the wildcard address every address of this host (read once,
     * at start, off the event loops).
     */
    static io.midreg.proxy.LocalInterfaces localInterfaces(java.util.List<BoundListener> listeners) {
        java.util.List<io.midreg.proxy.ProxyInterface> all = new java.util.ArrayList<>();
        for (BoundListener l : listeners) {
            InetSocketAddress a = l.address();
            if (!a.getAddress().isAnyLocalAddress()) {
                all.add(new io.midreg.proxy.ProxyInterface(l.config().protocol(), a.getAddress().getHostAddress(), a.getPort()));
                continue;
            }
            try {
                for (java.net.NetworkInterface n : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                    for (java.net.InetAddress ia : java.util.Collections.list(n.getInetAddresses())) {
                        String host = ia.getHostAddress();
                        int zone = host.indexOf('%');
                        all.add(new io.midreg.proxy.ProxyInterface(l.config().protocol(), zone >= 0 ? host.substring(0, zone) : host, a.getPort()));
                    }
                }
            } catch (java.net.SocketException e) {
                log.warn("cannot list this host's addresses: {}", e.toString());
            }
        }
        return new io.midreg.proxy.LocalInterfaces(all);
    }

    /** REGISTER goes to the registrar once it is wired; before that the device is asked to come back. */
    private void onRegister(io.midreg.sip.transaction.ServerTransaction tx) {
        RegistrarService r = registrar;
        if (r == null) {
            tx.sendResponse(tx.newResponse(503, "Service Unavailable (starting)").header("Retry-After", "5").toBytes());
        } else {
            r.onRegister(tx);
        }
    }

    /**
     * Opens the store and binds every listener; throws with what failed. A {@link #close} that
     * comes meanwhile (SIGTERM while starting) waits for the start to end, then stops as usual:
     * the listeners answer before the start has finished, so a stop may come that early.
     */
    public synchronized void start() throws Exception {
        logLevels.apply(config.logging());
        BindingStore opened = BindingStores.open(config.store());
        // Every write then tells the transport which device bindings sit on which connection.
        store = config.deviceConnections() == io.midreg.config.DeviceConnections.KEEP_OPEN
                ? new io.midreg.location.ConnectionHoldingStore(opened, io.midreg.location.ConnectionHolds.of(stack.transport()))
                : opened;
        try {
            stack.start().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            close();
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        UpstreamSettings up = config.upstream();
        pacer = UpstreamPacer.start(up.pacing());
        UpstreamTarget target;
        if (up.severalTargets()) {
            targets = UpstreamTargetsWiring.start(up, stack.transactions(), a -> advertised(up, a),
                    targetHealth != null ? targetHealth : UpstreamHealthWiring.breakers(up.breaker(), clock));
            target = targets.placeholder();
        } else {
            target = new UpstreamTarget(up.protocol(), up.address(), up.requestUri(), advertised(up, up.address()));
        }
        HoldingTargetRouter router = new HoldingTargetRouter(
                new UpstreamLeg(UpstreamHealthWiring.relay(stack.transactions(), target, up.breaker(), null, clock), pacer));
        if (targets != null) router.useRoute(targets.targets());
        ContactToken tokens = new ContactToken(up.tokenSecret());
        registrar = RegistrarWiring.build(config.registrar(), store, config.store().capacity(), router, tokens, pacer, clock);
        // The registrar writes the store; everything else reads where devices are through this seam.
        location = new StoreLocation(store, tokens, stack.transport());
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "midreg-housekeeping");
            t.setDaemon(true);
            return t;
        });
        io.midreg.config.CallsSettings callsConfig = config.calls();
        dialogs = new DialogTable(callsConfig.maxDialogs(), callsConfig.dialogExpiry(), callsConfig.timerC().plus(TRANSACTION_END),
                sweepPeriod(callsConfig.timerC()), clock, new io.midreg.sip.transaction.ExecutorTimerScheduler(housekeeping)).start();
        nextHopNames = new io.midreg.upstream.targets.NextHopNames(
                new io.midreg.upstream.targets.SipUriResolver(up.dnsServer(), UpstreamTargetsWiring.DNS_TIMEOUT, new java.util.Random()),
                System::currentTimeMillis, NEXT_HOP_LOOKUP_THREADS, NEXT_HOP_LOOKUPS_WAITING, NEXT_HOP_NAMES_KEPT);
        calls = new DeviceRouting(location, stack.transactions(), stack.statelessTransport(),
                // the source lists are read from the config last applied: a reload changes them live
                source -> router.isUpstream(source.getAddress()) || applied.calls().trustedSources().contains(source.getAddress()),
                MidregServer::outbound, clock, localInterfaces(stack.transport().listeners()),
                new io.midreg.proxy.RecordRouteSigner(new io.midreg.sip.auth.HmacSha256(up.tokenSecret())
                        .truncated("midreg record-route".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32)),
                stack.timers(), callsConfig.timerC(),
                new io.midreg.proxy.TowardsUpstream(location, new io.midreg.registrar.AorNormalizer(config.registrar().domainAliases())::aorOf, router,
                        nextHopNames),
                source -> applied.calls().unregisteredSources().contains(source.getAddress()), dialogs);
        registrar.deregistrar().start(housekeeping, up.deregisterRetries());
        registrar.answerEarlyOn(housekeeping);
        housekeeping.scheduleWithFixedDelay(new BindingReaper(store, clock, registrar.deregistrar()), 1, 1, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(registrar.deregistrar(), 1, 1, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(UpstreamHealthWiring.prober(stack.transactions(), () -> registrar, clock),
                UpstreamHealthWiring.PROBER_TICK_MILLIS, UpstreamHealthWiring.PROBER_TICK_MILLIS, TimeUnit.MILLISECONDS);
        try {
            surrogate = SurrogateSetup.start(config, registrar, housekeeping);
        } catch (ConfigException e) {
            close();
            throw e;
        }
        startAdmin();
        for (BoundListener l : stack.transport().listeners()) {
            log.info("listening on {} {} ({} socket{})", l.config().protocol(), l.address(), l.sockets(), l.sockets() == 1 ? "" : "s");
        }
        log.info("registrar in {} mode, upstream {} {} as {}, store {} ({} AORs)", config.registrar().mode().name().toLowerCase(),
                up.protocol(), targets != null ? targets.describe() : up.address(), target.advertised(), config.store().file(), store.count());
        started = true;
        log.info("midreg started from {}", config.source());
    }

    /** The admin HTTP API, once the registrar is wired (it drives the registrar). */
    private void startAdmin() throws Exception {
        AdminServer a = new AdminServer(config.admin(), new AdminBackend(registrar, stack, store, clock, System.nanoTime(), this::reload, surrogate(),
                calls.stats(), dialogs, () -> stunStats().orElseGet(io.midreg.nat.stun.StunStats::none)));
        try {
            a.start();
        } catch (Exception e) {
            close();
            throw e;
        }
        admin = a;
    }

    /** The admin HTTP API, once started. */
    public AdminServer admin() {
        return admin;
    }

    /**
     * Reads the config file the server started from again and applies what can change live
     * (throttling, expiries, the upstream target, log levels; see {@link ReloadableKeys}). A
     * file with any error changes nothing. Changed settings that need a restart are listed and
     * left as they are; the others still apply. Reloads run one at a time.
     */
    public synchronized ReloadOutcome reload() {
        RegistrarService r = registrar;
        if (r == null || draining) return ReloadOutcome.failed("midreg is not running");
        LoadedConfig next;
        try {
            next = LoadedConfig.load(Path.of(config.source()));
        } catch (ConfigException e) {
            log.warn("config reload refused, nothing changed: {}", e.getMessage().replace('\n', ';'));
            return ReloadOutcome.failed(e.getMessage());
        }
        List<io.midreg.registrar.surrogate.SurrogateCredential> credentials;
        try {
            credentials = SurrogateSetup.read(next);
        } catch (ConfigException e) {
            log.warn("config reload refused, nothing changed: {}", e.getMessage().replace('\n', ';'));
            return ReloadOutcome.failed(e.getMessage());
        }
        List<String> live = new ArrayList<>();
        for (String key : ConfigChanges.between(applied.raw(), next.raw())) {
            if (ReloadableKeys.isLive(key)) live.add(key);
        }
        List<String> restart = new ArrayList<>();
        for (String key : ConfigChanges.between(config.raw(), next.raw())) {
            if (!ReloadableKeys.isLive(key)) restart.add(key);
        }
        UpstreamTarget running = r.relay().target();
        if (targets == null && next.upstream().address() != null) {
            UpstreamTarget target = new UpstreamTarget(running.protocol(), next.upstream().address(), next.upstream().requestUri(),
                    running.advertised());
            r.reconfigure(next.registrar().keepingRestartOnly(r.settings()),
                    UpstreamHealthWiring.relay(stack.transactions(), target, next.upstream().breaker(), r.relay(), clock));
        } else {
            // Several targets: the list, the domain and the Request-URI change with a restart; the rest applies.
            r.reconfigure(next.registrar().keepingRestartOnly(r.settings()), r.relay());
            UpstreamHealthWiring.reconfigureBreakers(targets.targets(), next.upstream().breaker());
        }
        r.pacer().reconfigure(next.upstream().pacing());
        if (targets != null) targets.targets().reconfigure(next.upstream().pacing());
        r.deregistrar().retries(next.upstream().deregisterRetries());
        if (surrogate != null) surrogate.apply(next, credentials);
        logLevels.apply(next.logging());
        applied = next;
        log.info("config reloaded from {}: applied {}; need a restart (not applied) {}", config.source(),
                live.isEmpty() ? "nothing" : live, restart.isEmpty() ? "nothing" : restart);
        return new ReloadOutcome(true, live, restart, null);
    }

    /**
     * Gives each upstream target its health (a circuit breaker). Before {@link #start()}; the
     * default never takes a target out of service, so with several targets nothing fails over.
     */
    public MidregServer targetHealth(java.util.function.Function<io.midreg.upstream.targets.Candidate, io.midreg.upstream.health.TargetHealth> health) {
        this.targetHealth = health;
        return this;
    }

    /** The upstream targets in use with upstream.targets or upstream.domain, or null with the single upstream.target. */
    public io.midreg.upstream.targets.UpstreamTargets upstreamTargets() {
        return targets == null ? null : targets.targets();
    }

    /**
     * How midreg names itself to the upstream at {@code towards}: upstream.advertise when set,
     * else host:port of the listener that speaks the upstream's transport.
     */
    private String advertised(UpstreamSettings up, InetSocketAddress towards) {
        if (up.advertise() != null) return up.advertise().toString();
        for (BoundListener l : stack.transport().listeners()) {
            if (l.config().protocol() == up.protocol()) {
                InetSocketAddress a = l.address();
                String host = a.getAddress().isAnyLocalAddress() ? sourceAddressTowards(towards) : a.getAddress().getHostAddress();
                if (host.indexOf(':') >= 0) host = "[" + host + "]";
                return host + ":" + a.getPort();
            }
        }
        throw new IllegalStateException("no " + up.protocol() + " listener to reach the upstream over");
    }

    /**
     * The local address the kernel's routing picks to reach {@code upstream}: what a listener
     * bound to the wildcard address must call itself there (never 0.0.0.0). A connected UDP
     * socket sends nothing; it only asks the routing table.
     */
    static String sourceAddressTowards(InetSocketAddress upstream) {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
            probe.connect(upstream);
            java.net.InetAddress local = probe.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) {
                throw new IllegalStateException("no route to the upstream " + upstream + " to learn midreg's address from");
            }
            return local.getHostAddress();
        } catch (java.net.SocketException e) {
            throw new IllegalStateException("cannot find midreg's address towards the upstream " + upstream + ": " + e.getMessage(), e);
        }
    }

    public List<BoundListener> listeners() {
        return stack.transport().listeners();
    }

    public SipStack stack() {
        return stack;
    }

    /** What the STUN responder did; empty when {@code nat.stun.enabled} is off. */
    public java.util.Optional<io.midreg.nat.stun.StunStats> stunStats() {
        return stun == null ? java.util.Optional.empty() : java.util.Optional.of(stun.stats());
    }

    /** Where registered devices are (bindings, token → bindings, binding → live flow), once started. */
    public Location location() {
        return location;
    }

    /** The proxy routing requests from the upstream to the devices, once started. */
    public DeviceRouting calls() {
        return calls;
    }

    /** The registrar, once started. */
    /** Surrogate registration (its counters, credentials, negative cache and schedule), or null before start. */
    public io.midreg.registrar.surrogate.SurrogateRegistrar surrogate() {
        SurrogateSetup s = surrogate;
        return s == null ? null : s.registrar();
    }

    public RegistrarService registrar() {
        return registrar;
    }

    public BindingStore store() {
        return store;
    }

    /**
     * Stops: new requests go unanswered from now on, REGISTERs already relayed upstream get up to
     * {@code sip.shutdownGrace} for their answer (and its commit to the store), then the
     * transports close and the store is closed cleanly. Safe to call twice.
     */
    @Override
    public void close() {
        boolean wasStarted;
        synchronized (this) { // after a start in progress has ended
            if (closed) return;
            closed = true;
            draining = true;
            wasStarted = started;
        }
        if (wasStarted) log.info("midreg stopping");
        // Operators' requests stop first; the SIP side then drains.
        if (admin != null) admin.close();
        RegistrarService r = registrar;
        if (r != null) {
            // REGISTERs still waiting for the upstream rate get their 503 now, while the transports are open.
            r.pacer().close();
            if (targets != null) targets.close();
            int left = awaitRelays(r, applied.shutdownGrace().toMillis());
            if (left > 0) log.warn("{} REGISTERs relayed upstream were still unanswered after the shutdown grace", left);
            if (wasStarted) {
                log.info("registrar counters: {}", r.stats().snapshot());
                log.info("transaction counters: {}; in the tables now: {} server, {} client", stack.transactions().stats().snapshot(),
                        stack.transactions().serverTransactionCount(), stack.transactions().clientTransactionCount());
            }
        }
        if (pacer != null) pacer.close();
        if (targets != null) targets.close();
        if (dialogs != null) dialogs.close();
        if (nextHopNames != null) nextHopNames.close();
        if (housekeeping != null) {
            housekeeping.shutdownNow();
            awaitTermination(housekeeping);
        }
        // The store closes last, once nothing can write to it: a reaper pass, a late upstream
        // answer or a timer still running would otherwise meet a closed store and lose its commit.
        stack.close();
        if (store != null) store.close();
    }

    /** Waits (bounded) for the housekeeping task that is running, if any, to finish. */
    private static void awaitTermination(ScheduledExecutorService executor) {
        try {
            if (!executor.awaitTermination(HOUSEKEEPING_STOP_SECONDS, TimeUnit.SECONDS)) {
                log.warn("a housekeeping task was still running {} s into the stop", HOUSEKEEPING_STOP_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (bounded) for the relayed REGISTERs to be answered; returns how many were not. */
    private static int awaitRelays(RegistrarService r, long graceMillis) {
        long deadline = System.nanoTime() + graceMillis * 1_000_000L;
        while (r.relaysInFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(DRAIN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return r.relaysInFlight();
    }
}
