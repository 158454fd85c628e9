package io.midreg.demo;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * How the simulated devices behave.
 *
 * @param count          how many devices (one UDP socket each: each is its own flow to midreg)
 * @param server         where they register (midreg)
 * @param domain         the AOR domain: device {@code i} registers {@code sip:<user(i)>@domain}
 * @param user           device index → user name
 * @param password       device index → password
 * @param expires        the lifetime each REGISTER asks for, s
 * @param refreshMin     shortest pause between a 200 and the next refresh
 * @param refreshMax     longest pause (each pause is drawn uniformly between the two)
 * @param rampUp         first registrations are spread over this long, as phones booting do not all start in the same millisecond
 */
public record DeviceSettings(int count, InetSocketAddress server, String domain, IntFunction<String> user, IntFunction<String> password,
                             long expires, Duration refreshMin, Duration refreshMax, Duration rampUp) {
    public DeviceSettings {
        if (count < 1) throw new IllegalArgumentException("need at least one device");
        if (expires < 1) throw new IllegalArgumentException("expires must be positive");
        if (refreshMin.isNegative() || refreshMin.isZero() || refreshMax.compareTo(refreshMin) < 0) {
            throw new IllegalArgumentException("need 0 < refreshMin <= refreshMax");
        }
        if (rampUp.isNegative()) throw new IllegalArgumentException("rampUp must not be negative");
    }
}
