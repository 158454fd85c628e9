package io.midreg.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns the {@code logging:} section into checked levels. */
final class LoggingConfigs {
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private LoggingConfigs() {
    }

    static LoggingSettings logging(MidregConfig c, ConfigErrors errors) {
        LoggingSection s = c.logging();
        if (s == null) return LoggingSettings.UNCHANGED;
        String root = null;
        if (s.level() != null) root = level(s.level(), List.of("logging", "level"), errors);
        Map<String, String> loggers = new LinkedHashMap<>();
        if (s.loggers() != null) {
            s.loggers().forEach((name, value) -> {
                String l = value == null ? null : level(value, List.of("logging", "loggers", name), errors);
                if (value == null) errors.add(List.of("logging", "loggers", name), "needs a level (" + choices() + ")");
                if (name.isBlank()) errors.add(List.of("logging", "loggers"), "a logger name is empty");
                if (l != null && !name.isBlank()) loggers.put(name, l);
            });
        }
        return new LoggingSettings(root, loggers);
    }

    private static String level(String value, List<Object> at, ConfigErrors errors) {
        String l = value.trim().toUpperCase(Locale.ROOT);
        if (LEVELS.contains(l)) return l;
        errors.add(at, "must be one of " + choices() + ", not '" + value + "'");
        return null;
    }

    private static String choices() {
        return "trace, debug, info, warn, error, off";
    }
}
