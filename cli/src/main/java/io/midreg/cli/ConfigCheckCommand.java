package io.midreg.cli;

import io.midreg.config.ConfigException;
import io.midreg.config.LoadedConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code midreg config check FILE}: validates a config without starting anything. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with config files.",
        subcommands = {ConfigCheckCommand.Check.class})
final class ConfigCheckCommand {
    @Command(name = "check", mixinStandardHelpOptions = true, description = "Check a config file; exit 0 when it is good.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The config file to check.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                LoadedConfig c = LoadedConfig.load(file);
                spec.commandLine().getOut().println(file + ": ok (" + c.transport().listeners().size() + " listeners)");
                return ExitCodes.OK;
            } catch (ConfigException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return ExitCodes.CONFIG;
            }
        }
    }
}
