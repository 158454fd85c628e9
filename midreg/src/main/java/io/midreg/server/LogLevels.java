package io.midreg.server;

import io.midreg.config.LoggingSettings;

/**
 * Sets log levels at run time. midreg only speaks SLF4J, which cannot change levels; the process
 * that chose the logging backend (the cli, with Logback) provides the implementation.
 */
public interface LogLevels {
    /** Levels cannot be changed (embedded use, tests): {@code logging:} is checked but not applied. */
    LogLevels UNSUPPORTED = settings -> {
    };

    /**
     * Makes the levels those of {@code settings}: a root level or logger it leaves out returns to
     * what it was when the process started.
     */
    void apply(LoggingSettings settings);
}
