package io.midreg.config;

import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.midreg.testing.FuzzBounds;
import io.midreg.testing.TestScenarios;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the config loader as {@code midreg run} and {@code midreg config check} use it: any text
 * is either a config or a {@link ConfigException} whose every problem names the file (and the
 * line and key where it can be found) — never a Jackson, YAML or runtime exception that would
 * stop midreg with a stack trace instead of a message an operator can act on.
 * Seeds: the sample config {@code config/midreg.yaml} and {@code ConfigLoaderFuzzTestInputs/}.
 */
class ConfigLoaderFuzzTest {
    private static final String NAME = "fuzz.yaml";

    static Stream<Arguments> configs() throws IOException {
        byte[] sample = Files.readAllBytes(TestScenarios.directory().getParent().resolve("config").resolve("midreg.yaml"));
        return Stream.of(arguments(named("config/midreg.yaml", sample)));
    }

    @MethodSource("configs")
    @FuzzTest(maxDuration = "15s")
    void yaml(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        FuzzBounds.check("LoadedConfig.parse", input, () -> {
            try {
                LoadedConfig.parse(NAME, text);
            } catch (ConfigException e) {
                for (String problem : e.getMessage().split("\n")) {
                    if (!problem.startsWith(NAME)) throw new AssertionError("a problem that does not name the file: [" + problem + "]", e);
                }
                throw e;
            }
        }, ConfigException.class);
    }
}
