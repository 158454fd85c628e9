package io.midreg.cli;

/** Exit codes, stable for scripts. */
final class ExitCodes {
    static final int OK = 0;
    /** The config file is missing or invalid. */
    static final int CONFIG = 2;
    /** The server could not start (e.g. a port in use). */
    static final int START = 3;

    private ExitCodes() {
    }
}
