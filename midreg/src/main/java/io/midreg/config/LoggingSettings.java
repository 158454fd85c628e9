package io.midreg.config;

import java.util.Map;

/**
 * Log levels, checked: upper-case Logback level names.
 *
 * @param rootLevel the root level, or null to keep the one the process started with
 * @param loggers   logger name → level
 */
public record LoggingSettings(String rootLevel, Map<String, String> loggers) {
    public static final LoggingSettings UNCHANGED = new LoggingSettings(null, Map.of());

    public LoggingSettings {
        loggers = Map.copyOf(loggers);
    }
}
