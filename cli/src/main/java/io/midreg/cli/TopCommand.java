package io.midreg.cli;

import io.midreg.cli.top.StatsClient;
import io.midreg.cli.top.StatsJson;
import io.midreg.cli.top.StatsSnapshot;
import io.midreg.cli.top.Terminal;
import io.midreg.cli.top.TopView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code midreg top}: a live view of a running instance, from its admin API's stats. */
@Command(name = "top", mixinStandardHelpOptions = true,
        header = "Live view of a running midreg: rates, absorption, reduction ratio, bindings.",
        description = "Live view of a running midreg from its admin API: REGISTERs/s received, absorbed and forwarded, the upstream "
                + "rate against its cap, the reduction ratio, AORs, bindings, flows and calls. Redraws in place on a terminal; "
                + "prints one line per interval otherwise. Ctrl-C stops it.")
final class TopCommand implements Callable<Integer> {
    @Option(names = "--admin", defaultValue = "http://127.0.0.1:9070", paramLabel = "URL", description = "Admin API of the instance (default: ${DEFAULT-VALUE}).")
    String admin;

    @Option(names = "--token", defaultValue = "${env:MIDREG_ADMIN_TOKEN}", paramLabel = "TOKEN",
            description = "Bearer token of the admin API (default: env MIDREG_ADMIN_TOKEN).")
    String token;

    @Option(names = "--interval", defaultValue = "1", paramLabel = "SECONDS", description = "Seconds between updates, 0.2..60 (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N", description = "Stop after N updates (default: run until Ctrl-C).")
    long count;

    @Override
    public Integer call() throws InterruptedException {
        if (!(interval >= 0.2 && interval <= 60)) {
            System.err.println("midreg top: --interval must be within 0.2..60 seconds, not " + interval);
            return ExitCodes.CONFIG;
        }
        if (count < 0) {
            System.err.println("midreg top: --count must not be negative");
            return ExitCodes.CONFIG;
        }
        StatsClient client;
        try {
            client = new StatsClient(admin, token);
        } catch (IllegalArgumentException e) {
            System.err.println("midreg top: --admin " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        Terminal terminal = Terminal.forStdout();
        String title = "midreg top - " + client.uri().getAuthority();
        StatsSnapshot previous = null;
        long previousAt = 0;
        long intervalNanos = (long) (interval * 1e9);
        for (long n = 0; count == 0 || n < count; n++) {
            if (n > 0) Thread.sleep(intervalNanos / 1_000_000, (int) (intervalNanos % 1_000_000));
            StatsSnapshot current;
            long at = System.nanoTime();
            try {
                current = StatsJson.parse(client.fetch());
            } catch (StatsClient.Unreachable e) {
                if (previous == null) {
                    System.err.println("midreg top: " + e.getMessage());
                    return ExitCodes.UNREACHABLE;
                }
                terminal.show(List.of(title, "", "lost the admin API: " + e.getMessage() + ", retrying"), "error: " + e.getMessage());
                continue;
            } catch (StatsClient.Refused | IllegalArgumentException e) {
                System.err.println("midreg top: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            double seconds = previous == null ? 0 : (at - previousAt) / 1e9;
            terminal.show(TopView.screen(title, previous, current, seconds), TopView.line(previous, current, seconds));
            previous = current;
            previousAt = at;
        }
        return ExitCodes.OK;
    }
}
