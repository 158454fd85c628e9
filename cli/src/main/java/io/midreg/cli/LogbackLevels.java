package io.midreg.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.midreg.config.LoggingSettings;
import io.midreg.server.LogLevels;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The config's {@code logging:} levels applied to Logback. Remembers each level as it was before
 * the config first touched it (logback.xml's, with {@code MIDREG_LOG_LEVEL} for the root), so a
 * level removed from the file on reload goes back to it. {@code MIDREG_LOG_LEVEL}, when set, wins
 * over {@code logging.level}: it is what an operator types to look closer for one run.
 */
final class LogbackLevels implements LogLevels {
    private final LoggerContext context;
    private final boolean rootFromEnvironment;
    /** Logger name → its level before the config set it (null: inherited). */
    private final Map<String, Level> original = new HashMap<>();

    /** @param environmentLevel the value of {@code MIDREG_LOG_LEVEL}, or null */
    LogbackLevels(String environmentLevel) {
        this.context = (LoggerContext) LoggerFactory.getILoggerFactory();
        this.rootFromEnvironment = environmentLevel != null && !environmentLevel.isBlank();
    }

    @Override
    public synchronized void apply(LoggingSettings settings) {
        Map<String, String> wanted = new HashMap<>(settings.loggers());
        if (settings.rootLevel() != null && !rootFromEnvironment) wanted.put(org.slf4j.Logger.ROOT_LOGGER_NAME, settings.rootLevel());
        for (Map.Entry<String, Level> e : original.entrySet()) {
            if (!wanted.containsKey(e.getKey())) context.getLogger(e.getKey()).setLevel(e.getValue());
        }
        original.keySet().retainAll(wanted.keySet());
        wanted.forEach((name, level) -> {
            Logger logger = context.getLogger(name);
            original.putIfAbsent(name, logger.getLevel());
            logger.setLevel(Level.toLevel(level));
        });
    }
}
