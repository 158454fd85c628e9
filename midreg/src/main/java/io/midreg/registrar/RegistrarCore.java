package io.midreg.registrar;

import io.midreg.store.BindingStore;
import io.midreg.upstream.targets.UpstreamLeg;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the registrar service shares with a registrar that answers devices itself (surrogate
 * registration): the store it writes, the tokens, the live settings, the de-registrar, its
 * counters, where each AOR's REGISTERs go, and the clock.
 *
 * @param settings    the settings in force (a reload swaps them)
 * @param moves       whether a registration held at a target must move to the AOR's current one, per AOR and instant
 * @param legs        the target (relay and pacer) an AOR's REGISTERs go to now
 */
public record RegistrarCore(BindingStore store, Tokens tokens, Supplier<RegistrarSettings> settings, UpstreamDeregistrar deregistrar,
                            RegistrarStats stats, BiFunction<String, Long, TargetMove> moves, Function<String, UpstreamLeg> legs,
                            LongSupplier clock) {
}
