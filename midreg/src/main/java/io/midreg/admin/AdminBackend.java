package io.midreg.admin;

import io.midreg.config.ReloadOutcome;
import io.midreg.proxy.dialog.DialogTable;
import io.midreg.registrar.RegistrarService;
import io.midreg.registrar.surrogate.SurrogateRegistrar;
import io.midreg.sip.stack.SipStack;
import io.midreg.store.BindingStore;
import java.time.Duration;
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
 * @param dialogs        the calls the proxy routes now
 * @param stun           the STUN responder's counters
 */
public record AdminBackend(RegistrarService registrar, SipStack stack, BindingStore store, LongSupplier clock, long startedAtNanos,
                           Supplier<ReloadOutcome> reload, SurrogateRegistrar surrogate, io.midreg.proxy.CallStats calls,
                           DialogTable dialogs, Supplier<io.midreg.nat.stun.StunStats> stun) {
    /** Without surrogate registration. */
    public AdminBackend(RegistrarService registrar, SipStack stack, BindingStore store, LongSupplier clock, long startedAtNanos,
                        Supplier<ReloadOutcome> reload) {
        this(registrar, stack, store, clock, startedAtNanos, reload, null);
    }

    /** Without the proxy (its counters all zero, no calls). */
    public AdminBackend(RegistrarService registrar, SipStack stack, BindingStore store, LongSupplier clock, long startedAtNanos,
                        Supplier<ReloadOutcome> reload, SurrogateRegistrar surrogate) {
        this(registrar, stack, store, clock, startedAtNanos, reload, surrogate, new io.midreg.proxy.CallStats(),
                new DialogTable(1, Duration.ofHours(2), Duration.ofMinutes(4), Duration.ofMinutes(1), clock, (task, delay) -> () -> { }),
                io.midreg.nat.stun.StunStats::none);
    }

    long uptimeMillis() {
        return (System.nanoTime() - startedAtNanos) / 1_000_000;
    }
}
