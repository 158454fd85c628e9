package io.midreg.cli;

import io.midreg.server.MidregServer;
import sun.misc.Signal;

/**
 * SIGHUP reloads the config file (as {@code systemctl reload} and {@code kill -HUP} expect)
 * instead of stopping the JVM. The outcome is logged by the server; a refused file keeps the
 * running config.
 */
final class ReloadOnHangup {
    private ReloadOnHangup() {
    }

    /** Replaces the JVM's default SIGHUP action (shut down) with a reload of {@code server}. */
    static void install(MidregServer server) {
        Signal.handle(new Signal("HUP"), signal -> server.reload());
    }
}
