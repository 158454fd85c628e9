package io.midreg.cli;

import ch.qos.logback.classic.Level;
import io.midreg.cli.top.StatsSnapshot;
import io.midreg.cli.top.Terminal;
import io.midreg.cli.top.TopView;
import io.midreg.demo.DemoSample;
import io.midreg.demo.DemoSettings;
import io.midreg.demo.DemoSummary;
import io.midreg.demo.MidregDemo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code midreg demo}: midreg between an embedded upstream registrar and a few hundred simulated
 * devices, in this process, with the live view; a summary at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Try midreg: a built-in registrar and simulated phones in one process, with the live view.",
        description = {"See midreg work with nothing else installed: in this process, an embedded upstream registrar (with digest "
                + "authentication), midreg in contact mode in front of it, and simulated devices that register and keep refreshing. "
                + "Shows the live view, then how many REGISTERs reached the upstream.",
                "Time is compressed: the devices refresh every 0.4-0.8 s, as phones behind NATs do every 30-120 s. "
                + "Ctrl-C ends it early, with the summary."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--duration", defaultValue = "60", paramLabel = "SECONDS", description = "How long to run, 5..3600 (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--devices", defaultValue = "300", paramLabel = "N",
            description = "Simulated devices, 1.." + DemoSettings.MAX_DEVICES + " (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--no-view", description = "No live view; only the summary at the end.")
    boolean noView;

    @Option(names = "--json", description = "Print the summary as JSON (for scripts).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (duration < 5 || duration > 3600) {
            System.err.println("midreg demo: --duration must be within 5..3600 seconds, not " + duration);
            return ExitCodes.CONFIG;
        }
        if (devices < 1 || devices > DemoSettings.MAX_DEVICES) {
            System.err.println("midreg demo: --devices must be within 1.." + DemoSettings.MAX_DEVICES + ", not " + devices);
            return ExitCodes.CONFIG;
        }
        // The demo's own output is the point; midreg's start/stop lines would scroll the view away.
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) root.setLevel(Level.WARN);
        MidregDemo demo = new MidregDemo(DemoSettings.withDevices(devices));
        try {
            demo.start();
        } catch (Exception e) {
            System.err.println("midreg demo: cannot start: " + e.getMessage());
            return ExitCodes.START;
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // Ctrl-C: end early, but still stop cleanly, delete the store and print the summary.
            stop.countDown();
            try {
                finished.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "midreg-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DemoSample last;
            try {
                last = run(demo, stop);
            } finally {
                closeQuietly(demo);
            }
            DemoSummary summary = DemoSummary.of(last);
            if (!noView && !json) System.out.println();
            System.out.println(json ? JsonMapper.shared().writeValueAsString(summary) : text(summary));
            System.out.flush();
            return summary.devicesRegistered() > 0 && summary.upstreamRegisters() > 0 ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            // Only now may a Ctrl-C shutdown proceed: the summary is out and the store deleted.
            finished.countDown();
            removeHook(hook);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting; the hook returns at once since finished is counted down
        }
    }

    /** Samples once a second until the duration is up or Ctrl-C; returns the last sample. */
    private DemoSample run(MidregDemo demo, CountDownLatch stop) throws InterruptedException {
        Terminal terminal = Terminal.forStdout(new java.io.PrintWriter(System.out, true));
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(duration);
        DemoSample previous = null;
        long previousAt = start;
        DemoSample current = demo.sample();
        while (System.nanoTime() < end) {
            long wait = Math.min(TimeUnit.SECONDS.toNanos(1), end - System.nanoTime());
            if (stop.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) break;
            long at = System.nanoTime();
            current = demo.sample();
            if (!noView) {
                double seconds = (at - previousAt) / 1e9;
                StatsSnapshot p = previous == null ? null : stats(previous);
                StatsSnapshot c = stats(current);
                terminal.show(screen(current, TopView.screen("midreg demo - " + (duration - (at - start) / 1_000_000_000L) + " s left", p, c, seconds)),
                        TopView.line(p, c, seconds) + String.format(Locale.ROOT, " devices-registered=%d/%d upstream-registers=%d",
                                current.devices().registered(), current.devices().devices(), current.upstream().registers()));
            }
            previous = current;
            previousAt = at;
        }
        return demo.finish();
    }

    /** The live view plus what only the demo knows: the devices and the upstream registrar. */
    private static List<String> screen(DemoSample s, List<String> view) {
        List<String> lines = new ArrayList<>(view);
        lines.add("");
        lines.add(String.format(Locale.ROOT, "devices       %d of %d registered   %d REGISTERs sent   %d failed", s.devices().registered(),
                s.devices().devices(), s.devices().sent(), s.devices().failed()));
        lines.add(String.format(Locale.ROOT, "registrar     %d REGISTERs reached it   %d retransmitted   %d bindings", s.upstream().registers(),
                s.upstream().retransmissions(), s.upstream().bindings()));
        lines.add(String.format(Locale.ROOT, "              %d challenged (401)   %d accepted (200)", s.upstream().challenges(), s.upstream().accepted()));
        if (s.devices().lastError() != null) lines.add("last device error: " + s.devices().lastError());
        lines.add("");
        lines.add("A device's first REGISTER and its answer to the 401 go to the registrar;");
        lines.add("midreg answers its refreshes. reduction = received / forwarded.");
        return lines;
    }

    static StatsSnapshot stats(DemoSample s) {
        var r = s.registrar();
        return new StatsSnapshot(s.uptimeMillis(), r.received(), r.absorbed(), r.forwarded(), r.upstream2xx(), r.upstreamChallenges(),
                r.upstream4xx(), r.upstream5xx(), r.upstreamTimeouts(), s.active().aors(), s.active().bindings(), null, null, null);
    }

    static String text(DemoSummary s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "midreg demo: %.0f s, %d simulated devices, %d registered at the end%n", s.seconds(), s.devices(),
                s.devicesRegistered()));
        b.append(String.format(Locale.ROOT, "  device REGISTERs sent              %,10d%n", s.deviceRegistersSent()));
        b.append(String.format(Locale.ROOT, "  received by midreg                 %,10d%n", s.midregReceived()));
        b.append(String.format(Locale.ROOT, "    absorbed (answered by midreg)    %,10d   %.1f%%%n", s.absorbed(), 100 * s.absorbedShare()));
        b.append(String.format(Locale.ROOT, "    forwarded upstream               %,10d%n", s.forwarded()));
        b.append(String.format(Locale.ROOT, "  reached the upstream registrar     %,10d%s%n", s.upstreamRegisters(),
                s.upstreamRetransmissions() == 0 ? "" : String.format(Locale.ROOT, "   (and %d retransmissions)", s.upstreamRetransmissions())));
        b.append(String.format(Locale.ROOT, "  reduction ratio                    %10s   (received by midreg / reached the upstream)%n",
                s.reductionRatio() == null ? "-" : String.format(Locale.ROOT, "%.1fx", s.reductionRatio())));
        b.append(String.format(Locale.ROOT, "  bindings                           %,10d   in midreg; %d at the upstream", s.bindings(), s.upstreamBindings()));
        if (s.deviceFailures() > 0) {
            b.append(String.format(Locale.ROOT, "%n  device failures                    %,10d   last: %s", s.deviceFailures(), s.lastDeviceError()));
        }
        return b.toString();
    }

    private static void closeQuietly(MidregDemo demo) {
        try {
            demo.close();
        } catch (RuntimeException e) {
            System.err.println("midreg demo: while stopping: " + e.getMessage());
        }
    }
}
