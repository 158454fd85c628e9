package io.midreg.cli;

import io.midreg.config.ConfigException;
import io.midreg.config.LoadedConfig;
import io.midreg.server.MidregServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code midreg run}: starts the appliance and runs until SIGTERM or SIGINT (graceful stop);
 * SIGHUP reloads the config file.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = {"Start midreg with a config file and run until stopped.",
        "SIGTERM/SIGINT: stop gracefully (relayed REGISTERs are answered, the store is closed cleanly).",
        "SIGHUP: reload the config file (settings that need a restart are reported, not applied)."})
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, defaultValue = "config/midreg.yaml", description = "Config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() throws Exception {
        LoadedConfig loaded;
        try {
            loaded = LoadedConfig.load(config);
        } catch (ConfigException e) {
            System.err.println("midreg: bad config:\n" + e.getMessage());
            return ExitCodes.CONFIG;
        }
        MidregServer server = new MidregServer(loaded, new LogbackLevels(System.getenv("MIDREG_LOG_LEVEL")));
        ReloadOnHangup.install(server); // before start: a SIGHUP while starting must not stop the JVM
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT (also while starting): stop answering, let relayed REGISTERs finish, close
        // the transports and the store.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "midreg-shutdown"));
        try {
            server.start();
        } catch (Exception e) {
            // One line says why (a port in use, the store locked or damaged); the trace is for debugging only.
            System.err.println("midreg: cannot start: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            org.slf4j.LoggerFactory.getLogger(RunCommand.class).debug("start failed", e);
            return ExitCodes.START;
        }
        stopped.await();
        return ExitCodes.OK;
    }
}
