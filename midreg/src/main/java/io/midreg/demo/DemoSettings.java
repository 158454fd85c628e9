package io.midreg.demo;

import java.time.Duration;

/**
 * What {@code midreg demo} simulates. Time is compressed: a phone behind a NAT re-registers
 * every 30–120 s; the simulated ones do it about every second, so a minute shows what an hour
 * would.
 *
 * @param devices       simulated devices
 * @param refreshMin    shortest pause between a device's registrations
 * @param refreshMax    longest pause
 * @param deviceExpires the lifetime the devices ask midreg for, s
 */
public record DemoSettings(int devices, Duration refreshMin, Duration refreshMax, long deviceExpires) {
    /** Most devices a demo runs (one socket each). */
    public static final int MAX_DEVICES = 5000;

    public DemoSettings {
        if (devices < 1 || devices > MAX_DEVICES) throw new IllegalArgumentException("devices must be within 1.." + MAX_DEVICES + ", not " + devices);
        if (refreshMin.isNegative() || refreshMin.isZero() || refreshMax.compareTo(refreshMin) < 0) {
            throw new IllegalArgumentException("need 0 < refreshMin <= refreshMax");
        }
    }

    /** 300 devices refreshing every 0.4–0.8 s with a 20 s lifetime. */
    public static DemoSettings defaults() {
        return withDevices(300);
    }

    public static DemoSettings withDevices(int devices) {
        return new DemoSettings(devices, Duration.ofMillis(400), Duration.ofMillis(800), 20);
    }
}
