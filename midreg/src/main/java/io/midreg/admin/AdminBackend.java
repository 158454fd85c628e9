package io.midreg.admin;

import io.midreg.config.ReloadOutcome;
import io.midreg.registrar.RegistrarService;
import io.midreg.registrar.surrogate.SurrogateRegistrar;
import io.midreg.sip.stack.SipStack;
import io.midreg.store.BindingStore;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the admin API reads and drives: the started registrar, SIP stack and store, and the
 * server's reload. Operator actions go through {@link RegistrarService#operations()}.
 *
 * @param registrar      the registrar (started)
 * @param stack          the SIP stack
 * @param store          the open binding store
 * @param clock          wall clock, epoch milliseconds
 * @param startedAtNanos {@link System#nanoTime()} at start, for the uptime
 * @param reload         re-reads the config file
 * @param surrogate      surrogate registration (its counters, credentials, negative cache), or null when off
 * @param calls          the proxy's counters
 */
public record AdminBackend(RegistrarService registrar, SipStack stack, BindingStore store, LongSupplier clock, long startedAtNanos,
                           Supplier<ReloadOutcome> reload, SurrogateRegistrar surrogate, io.midreg.proxy.CallStats calls,
                           Supplier<io.midreg.nat.stun.StunStats> stun) {
    /** Without surrogate registration. */
    public AdminBackend(RegistrarService registrar, SipStack stack, BindingStore store, LongSupplier clock, long startedAtNanos,
                        Supplier<ReloadOutcome> reload) {
        this(registrar, stack, store, clock, startedAtNanos, reload, null);
    }

    /** Without the proxy (its counters all zero). */
    public AdminBackend(RegistrarService registrar, SipStack stack, BindingStore store, LongSupplier clock, long startedAtNanos,
                        Supplier<ReloadOutcome> reload, SurrogateRegistrar surrogate) {
        this(registrar, stack, store, clock, startedAtNanos, reload, surrogate, new io.midreg.proxy.CallStats());
    }

    /** Without the STUN responder (its counters all zero). */
    public AdminBackend(RegistrarService registrar, SipStack stack, BindingStore store, LongSupplier clock, long startedAtNanos,
                        Supplier<ReloadOutcome> reload, SurrogateRegistrar surrogate, io.midreg.proxy.CallStats calls) {
        this(registrar, stack, store, clock, startedAtNanos, reload, surrogate, calls, io.midreg.nat.stun.StunStats::none);
    }

    long uptimeMillis() {
        return (System.nanoTime() - startedAtNanos) / 1_000_000;
    }
}
