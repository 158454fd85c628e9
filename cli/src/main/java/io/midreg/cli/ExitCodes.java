package io.midreg.cli;

/** Exit codes, stable for scripts. */
final class ExitCodes {
    static final int OK = 0;
    /** The operation failed, or what it names does not exist. */
    static final int FAILED = 1;
    /** The config file is missing or invalid, or the command line is wrong. */
    static final int CONFIG = 2;
    /** The server could not start (e.g. a port in use). */
    static final int START = 3;
    /** The admin API of a running midreg could not be reached. */
    static final int UNREACHABLE = 4;

    private ExitCodes() {
    }
}
