package io.midreg.cli.top;

import java.io.PrintWriter;
import java.util.List;

/**
 * Where the live view goes: a terminal gets the screen redrawn in place with plain ANSI (cursor
 * home, each line cleared to its end, the rest of the screen cleared); anything else (a pipe, a
 * file) gets one line per interval.
 */
public final class Terminal {
    private static final String HOME = "\033[H";
    private static final String CLEAR_LINE_END = "\033[K";
    private static final String CLEAR_BELOW = "\033[J";
    private static final String CLEAR_SCREEN = "\033[2J";

    private final PrintWriter out;
    private final boolean ansi;
    private boolean cleared;

    public Terminal(PrintWriter out, boolean ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    /** {@code out} (the command's standard output), with ANSI when stdout is a console and TERM is not "dumb". */
    public static Terminal forStdout(PrintWriter out) {
        String term = System.getenv("TERM");
        return new Terminal(out, System.console() != null && term != null && !term.isEmpty() && !"dumb".equals(term));
    }

    public boolean ansi() {
        return ansi;
    }

    /** Redraws the screen (terminal) or prints {@code line} (otherwise). */
    public void show(List<String> screen, String line) {
        if (!ansi) {
            out.println(line);
            out.flush();
            return;
        }
        StringBuilder b = new StringBuilder(1024);
        if (!cleared) {
            b.append(CLEAR_SCREEN);
            cleared = true;
        }
        b.append(HOME);
        for (String l : screen) b.append(l).append(CLEAR_LINE_END).append('\n');
        b.append(CLEAR_BELOW);
        out.print(b);
        out.flush();
    }
}
