package io.midreg.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo in process, for real on loopback: devices register through midreg, refreshes are absorbed. */
@Timeout(60)
class MidregDemoIT {
    @Test
    void devicesRegisterThroughMidregAndRefreshesAreAbsorbed() throws Exception {
        DemoSummary s;
        long deviceRetransmissions;
        try (MidregDemo demo = new MidregDemo(new DemoSettings(40, Duration.ofMillis(300), Duration.ofMillis(500), 20))) {
            demo.start();
            Thread.sleep(6000);
            DemoSample last = demo.finish();
            s = DemoSummary.of(last);
            deviceRetransmissions = last.devices().retransmissions();
        }
        assertThat(s.devicesRegistered()).as("%s", s).isEqualTo(40);
        assertThat(s.upstreamBindings()).as("%s", s).isEqualTo(40);
        assertThat(s.bindings()).as("%s", s).isEqualTo(40);
        // Each device: an unauthenticated REGISTER (401 from upstream) and its answer (200), both forwarded; the rest absorbed.
        assertThat(s.upstreamRegisters()).as("%s", s).isEqualTo(80);
        assertThat(s.forwarded()).as("%s", s).isEqualTo(80);
        assertThat(s.absorbed()).as("%s", s).isEqualTo(s.midregReceived() - 80).isGreaterThan(40 * 5);
        // On a busy machine a device may resend a REGISTER whose answer was late: midreg receives it twice.
        assertThat(s.midregReceived()).as("every REGISTER sent reached midreg (loopback, nothing lost): %s", s)
                .isBetween(s.deviceRegistersSent(), s.deviceRegistersSent() + deviceRetransmissions);
        assertThat(s.reductionRatio()).as("%s", s).isGreaterThan(3.0);
        assertThat(s.deviceFailures()).as("%s", s).isZero();
    }

    @Test
    void theDemoRegistrarRefusesAWrongPassword() throws Exception {
        try (DemoRegistrar registrar = new DemoRegistrar(u -> "right", System::currentTimeMillis)) {
            registrar.start();
            SimulatedDevices d = new SimulatedDevices(new DeviceSettings(1, registrar.address(), "demo.midreg", i -> "alice", i -> "wrong", 60,
                    Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO));
            try {
                d.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (d.counts().failed() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
                assertThat(d.counts().lastError()).contains("403");
                assertThat(d.counts().registered()).isZero();
                assertThat(registrar.counts().challenges()).isEqualTo(1);
                assertThat(registrar.counts().refused()).isEqualTo(1);
                assertThat(registrar.counts().bindings()).isZero();
            } finally {
                d.close();
            }
        }
    }
}
