package io.midreg.upstream.targets;

import java.util.Locale;

/**
 * A configured upstream target: {@code host:port[;priority=N][;weight=W]}, as written in
 * {@code upstream.targets}. The port defaults to 5060, priority to 1, weight to 1.
 */
public record TargetSpec(String host, int port, int priority, int weight) {
    public static final int DEFAULT_PRIORITY = 1;
    public static final int DEFAULT_WEIGHT = 1;

    public TargetSpec {
        if (host == null || host.isEmpty()) throw new IllegalArgumentException("host is required");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be within 1..65535, not " + port);
        if (priority < 0 || priority > 65535) throw new IllegalArgumentException("priority must be within 0..65535, not " + priority);
        if (weight < 0 || weight > 65535) throw new IllegalArgumentException("weight must be within 0..65535, not " + weight);
    }

    /** Parses {@code host:port;priority=N;weight=W}; the message of the exception says what is wrong. */
    public static TargetSpec parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("must be host:port[;priority=N][;weight=W], not empty");
        String[] parts = text.trim().split(";");
        HostPort hp = HostPort.parse(parts[0].trim(), 5060);
        int priority = DEFAULT_PRIORITY;
        int weight = DEFAULT_WEIGHT;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : p.substring(eq + 1).trim();
            switch (key) {
                case "priority" -> priority = number(key, value);
                case "weight" -> weight = number(key, value);
                default -> throw new IllegalArgumentException("unknown parameter '" + p + "' in '" + text + "' (priority=N or weight=W)");
            }
        }
        return new TargetSpec(hp.host(), hp.port(), priority, weight);
    }

    private static int number(String key, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0 || n > 65535) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number within 0..65535, not '" + value + "'");
        }
    }

    /** host:port as written (IPv6 in brackets): the name AORs are hashed against. */
    public String name() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
