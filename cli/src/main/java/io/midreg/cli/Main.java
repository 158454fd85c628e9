package io.midreg.cli;

import picocli.CommandLine;

/** Entry point of the {@code midreg} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new MidregCommand()).execute(args);
        if (code != 0 || !(args.length > 0 && "run".equals(args[0]))) System.exit(code);
    }
}
