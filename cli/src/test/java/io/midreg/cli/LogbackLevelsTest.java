package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.midreg.config.LoggingSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogbackLevelsTest {
    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }

    @Test
    void appliesRootAndLoggerLevelsAndRestoresWhatTheFileNoLongerSays() {
        Logger root = logger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level rootBefore = root.getLevel();
        Level nettyBefore = logger("io.netty").getLevel();
        LogbackLevels levels = new LogbackLevels(null);
        try {
            levels.apply(new LoggingSettings("ERROR", Map.of("io.midreg.registrar", "DEBUG", "io.netty", "INFO")));
            assertThat(root.getLevel()).isEqualTo(Level.ERROR);
            assertThat(logger("io.midreg.registrar").getLevel()).isEqualTo(Level.DEBUG);
            assertThat(logger("io.midreg.registrar").isDebugEnabled()).isTrue();
            assertThat(logger("io.netty").getLevel()).isEqualTo(Level.INFO);

            levels.apply(new LoggingSettings(null, Map.of("midreg.trace", "TRACE")));
            assertThat(root.getLevel()).isEqualTo(rootBefore);
            assertThat(logger("io.midreg.registrar").getLevel()).as("back to inherited").isNull();
            assertThat(logger("io.netty").getLevel()).as("back to logback.xml's").isEqualTo(nettyBefore);
            assertThat(logger("midreg.trace").getLevel()).isEqualTo(Level.TRACE);
        } finally {
            levels.apply(LoggingSettings.UNCHANGED);
        }
        assertThat(logger("midreg.trace").getLevel()).isNull();
        assertThat(root.getLevel()).isEqualTo(rootBefore);
    }

    @Test
    void theEnvironmentsRootLevelWinsOverTheFiles() {
        Logger root = logger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level rootBefore = root.getLevel();
        LogbackLevels levels = new LogbackLevels("debug");
        try {
            levels.apply(new LoggingSettings("ERROR", Map.of("io.midreg.server", "WARN")));
            assertThat(root.getLevel()).isEqualTo(rootBefore);
            assertThat(logger("io.midreg.server").getLevel()).isEqualTo(Level.WARN);
        } finally {
            levels.apply(LoggingSettings.UNCHANGED);
        }
    }
}
