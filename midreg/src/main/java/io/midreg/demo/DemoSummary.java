package io.midreg.demo;

/**
 * The demo's result, printed at the end (as text or JSON).
 *
 * @param seconds                how long it ran
 * @param devices                simulated devices
 * @param devicesRegistered      devices registered at the end
 * @param deviceRegistersSent    REGISTERs the devices sent (retransmissions excluded)
 * @param midregReceived         REGISTERs midreg received
 * @param absorbed               answered by midreg from its store
 * @param forwarded              relayed upstream by midreg
 * @param upstreamRegisters      REGISTERs that reached the upstream registrar (retransmissions not counted)
 * @param upstreamRetransmissions retransmissions of those that reached it too (midreg retransmits over UDP when an answer is slow)
 * @param reductionRatio         midregReceived / upstreamRegisters; null when nothing reached the upstream
 * @param absorbedShare          absorbed / midregReceived, 0..1
 * @param bindings               live device bindings in midreg
 * @param upstreamBindings       bindings the upstream registrar holds (one per device in contact mode)
 * @param deviceFailures         device REGISTERs that failed (error answer or none)
 * @param lastDeviceError        the last device failure, or null
 */
public record DemoSummary(double seconds, int devices, long devicesRegistered, long deviceRegistersSent, long midregReceived,
                          long absorbed, long forwarded, long upstreamRegisters, long upstreamRetransmissions, Double reductionRatio, double absorbedShare,
                          long bindings, long upstreamBindings, long deviceFailures, String lastDeviceError) {
    public static DemoSummary of(DemoSample s) {
        long received = s.registrar().received();
        long upstream = s.upstream().registers();
        return new DemoSummary(s.uptimeMillis() / 1000.0, s.devices().devices(), s.devices().registered(), s.devices().sent(), received,
                s.registrar().absorbed(), s.registrar().forwarded(), upstream, s.upstream().retransmissions(), upstream == 0 ? null : (double) received / upstream,
                received == 0 ? 0 : (double) s.registrar().absorbed() / received, s.active().bindings(), s.upstream().bindings(),
                s.devices().failed(), s.devices().lastError());
    }
}
