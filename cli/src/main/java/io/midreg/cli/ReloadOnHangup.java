package io.midreg.cli;

import io.midreg.server.MidregServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP reloads the config file (as {@code systemctl reload} and {@code kill -HUP} expect)
 * instead of stopping the JVM. The outcome is logged by the server; a refused file keeps the
 * running config.
 *
 * <p>A process started with SIGHUP ignored ({@code nohup}, or a parent that ignores it) keeps it
 * ignored: the JVM will not take over an ignored SIGHUP, so {@code kill -HUP} does nothing. That
 * is said in the log at start, with the way that still works ({@code midreg reload}).
 */
final class ReloadOnHangup {
    private static final Logger log = LoggerFactory.getLogger(ReloadOnHangup.class);

    private ReloadOnHangup() {
    }

    /**
     * Replaces the JVM's default SIGHUP action (shut down) with a reload of {@code server}.
     * Returns false, and logs a warning, when SIGHUP is ignored in this process.
     */
    static boolean install(MidregServer server) {
        SignalHandler previous = Signal.handle(new Signal("HUP"), signal -> server.reload());
        if (previous == SignalHandler.SIG_IGN) {
            log.warn("SIGHUP is ignored in this process (started under nohup, or by a parent that ignores it): kill -HUP will not"
                    + " reload the config; use 'midreg reload' (the admin API), or start midreg without nohup");
            return false;
        }
        return true;
    }
}
