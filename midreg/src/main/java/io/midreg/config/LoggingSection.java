package io.midreg.config;

import java.util.Map;

/**
 * The {@code logging:} section; both keys change on reload.
 *
 * @param level   the root log level: trace, debug, info, warn, error or off (default: the
 *                launcher's, i.e. {@code MIDREG_LOG_LEVEL} or info)
 * @param loggers logger name → level, e.g. {@code midreg.trace: debug} (default none)
 */
public record LoggingSection(String level, Map<String, String> loggers) {
}
