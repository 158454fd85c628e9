package io.midreg.config;

/**
 * What happens to the TCP/TLS connection a registered device's binding sits on
 * ({@code sip.deviceConnections}). A device behind a NAT or firewall is reached only on the
 * connection it opened (RFC 5626 §3.3): closing it idle makes the device unreachable until its
 * next REGISTER.
 */
public enum DeviceConnections {
    /** Open while a binding lives on it, whatever the idle time-out; closed at the first idle time-out after the last binding goes. */
    KEEP_OPEN("keepOpen"),
    /** Closed by the idle time-out like any connection. */
    IDLE_TIMEOUT("idleTimeout");

    private final String key;

    DeviceConnections(String key) {
        this.key = key;
    }

    /** The value in the config file. */
    public String key() {
        return key;
    }
}
