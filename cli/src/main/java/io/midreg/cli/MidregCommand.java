package io.midreg.cli;

import picocli.CommandLine.Command;

/** The top-level {@code midreg} command. */
@Command(name = "midreg", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "SIP registration middlebox: absorbs device re-registrations and paces them to a fragile registrar.",
        subcommands = {RunCommand.class, ConfigCheckCommand.class,
                CompletionCommand.class,
                BindingsCommand.class,
                CallsCommand.class,
                UpstreamCommand.class,
                StatsCommand.class,
                ReloadCommand.class,
                TraceCommand.class,
                StoreCommand.class,
                DemoCommand.class,
                TopCommand.class})
public final class MidregCommand {
}
