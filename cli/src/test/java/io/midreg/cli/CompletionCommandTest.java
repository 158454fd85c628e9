package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CompletionCommandTest {
    @Test
    void printsABashScriptThatCompletesEverySubcommand() {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = new CommandLine(new MidregCommand()).execute("completion");
        } finally {
            System.setOut(out);
        }
        String script = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(script).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_midreg")
                .contains("run").contains("config").contains("check").contains("completion").contains("--config");
    }
}
