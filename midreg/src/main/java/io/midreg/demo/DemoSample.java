package io.midreg.demo;

import io.midreg.registrar.RegistrarService;
import io.midreg.registrar.RegistrarStats;

/**
 * Everything the demo counts at one instant.
 *
 * @param uptimeMillis since the demo started
 * @param registrar    midreg's registrar counters
 * @param active       midreg's live AORs and bindings
 * @param upstream     what the demo upstream registrar saw
 * @param devices      what the simulated devices did
 */
public record DemoSample(long uptimeMillis, RegistrarStats.Snapshot registrar, RegistrarService.ActiveCounts active,
                         DemoRegistrar.Counts upstream, SimulatedDevices.Counts devices) {
}
