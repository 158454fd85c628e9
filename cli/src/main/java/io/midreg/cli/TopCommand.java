package io.midreg.cli;

import io.midreg.cli.top.StatsJson;
import io.midreg.cli.top.StatsSnapshot;
import io.midreg.cli.top.Terminal;
import io.midreg.cli.top.TopView;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code midreg top}: a live view of a running instance, from its admin API's stats. */
@Command(name = "top", mixinStandardHelpOptions = true,
        header = "Live view of a running midreg: rates, absorption, reduction ratio, bindings.",
        description = "Live view of a running midreg from its admin API: REGISTERs/s received, absorbed and forwarded, the upstream "
                + "rate against its cap, the reduction ratio, AORs, bindings, flows and calls. Redraws in place on a terminal; "
                + "prints one line per interval otherwise. Ctrl-C stops it.")
final class TopCommand extends AdminCommand {
    @Option(names = "--interval", defaultValue = "1", paramLabel = "SECONDS", description = "Seconds between updates, 0.2..60 (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N", description = "Stop after N updates (default: run until Ctrl-C).")
    long count;

    @Override
    int run(AdminClient client) throws AdminClient.UnreachableException {
        if (!(interval >= 0.2 && interval <= 60)) {
            err().println("midreg top: --interval must be within 0.2..60 seconds, not " + interval);
            return ExitCodes.CONFIG;
        }
        if (count < 0) {
            err().println("midreg top: --count must not be negative");
            return ExitCodes.CONFIG;
        }
        Terminal terminal = Terminal.forStdout(out());
        String title = "midreg top - " + client.baseUrl();
        StatsSnapshot previous = null;
        long previousAt = 0;
        long intervalNanos = (long) (interval * 1e9);
        for (long n = 0; count == 0 || n < count; n++) {
            if (n > 0 && !sleep(intervalNanos)) break;
            StatsSnapshot current;
            long at = System.nanoTime();
            AdminClient.Response r;
            try {
                r = client.get("/api/stats");
            } catch (AdminClient.UnreachableException e) {
                if (previous == null) throw e; // never reached: exit 4 with the usual hint
                terminal.show(List.of(title, "", "lost the admin API: " + e.getMessage() + ", retrying"), "error: " + e.getMessage());
                continue;
            }
            if (!r.ok()) return failed(r);
            try {
                current = StatsJson.parse(r.body());
            } catch (IllegalArgumentException e) {
                err().println("midreg top: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            double seconds = previous == null ? 0 : (at - previousAt) / 1e9;
            terminal.show(TopView.screen(title, previous, current, seconds), TopView.line(previous, current, seconds));
            previous = current;
            previousAt = at;
        }
        return ExitCodes.OK;
    }

    private static boolean sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
