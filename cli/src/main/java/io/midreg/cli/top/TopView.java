package io.midreg.cli.top;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The live view as text, from two successive snapshots and the time between them: rates over
 * the last interval, ratios over the interval and since the start. Pure: no I/O, no clock.
 */
public final class TopView {
    private TopView() {
    }

    /**
     * The full-screen form: lines of at most 80 columns. The reduction ratio is received /
     * forwarded (device REGISTERs per REGISTER sent upstream).
     *
     * @param title    first line (what is being watched)
     * @param previous the snapshot before, or null for the first frame (rates then run since the start)
     * @param current  the snapshot now
     * @param seconds  time between the two snapshots
     */
    public static List<String> screen(String title, StatsSnapshot previous, StatsSnapshot current, double seconds) {
        Interval i = new Interval(previous, current, seconds);
        List<String> lines = new ArrayList<>(12);
        lines.add(title + "   up " + uptime(current.uptimeMillis()));
        lines.add("");
        lines.add(String.format(Locale.ROOT, "REGISTERs/s   received %9s   absorbed %9s   forwarded %9s", rate(i.received()), rate(i.absorbed()),
                rate(i.forwarded())));
        lines.add("upstream      " + rate(i.forwarded()) + "/s " + cap(current.upstreamCapPerSecond(), i.forwardedPerSecond()));
        lines.add(String.format(Locale.ROOT, "reduction     %s last %.1f s   %s since start",
                ratio(i.dReceived(), i.dForwarded()), i.seconds(), ratio(current.received(), current.forwarded())));
        lines.add(String.format(Locale.ROOT, "absorbed      %s last %.1f s   %s since start", share(i.dAbsorbed(), i.dReceived()), i.seconds(),
                share(current.absorbed(), current.received())));
        lines.add(String.format(Locale.ROOT, "totals        received %d   absorbed %d   forwarded %d", current.received(), current.absorbed(),
                current.forwarded()));
        lines.add(String.format(Locale.ROOT, "upstream said 2xx %d   401/407 %d   4xx %d   5xx %d   no answer %d", current.upstream2xx(),
                current.upstreamChallenges(), current.upstream4xx(), current.upstream5xx(), current.upstreamTimeouts()));
        lines.add(String.format(Locale.ROOT, "active        %d AORs   %d bindings   flows %s   calls %s", current.aors(), current.bindings(),
                orDash(current.flows()), orDash(current.calls())));
        return lines;
    }

    /** The one-line form, for when the output is not a terminal (one line per interval). */
    public static String line(StatsSnapshot previous, StatsSnapshot current, double seconds) {
        Interval i = new Interval(previous, current, seconds);
        return String.format(Locale.ROOT, "up=%s received/s=%s absorbed/s=%s forwarded/s=%s cap=%s reduction=%s total-reduction=%s aors=%d bindings=%d flows=%s calls=%s",
                uptime(current.uptimeMillis()), rate(i.received()), rate(i.absorbed()), rate(i.forwarded()),
                current.upstreamCapPerSecond() == null ? "none" : rate(current.upstreamCapPerSecond()),
                ratio(i.dReceived(), i.dForwarded()).replace(' ', '-'), ratio(current.received(), current.forwarded()).replace(' ', '-'),
                current.aors(), current.bindings(), orDash(current.flows()), orDash(current.calls()));
    }

    /** The differences over one interval (or since the start when there is no previous snapshot). */
    private record Interval(long dReceived, long dAbsorbed, long dForwarded, double seconds) {
        Interval(StatsSnapshot previous, StatsSnapshot current, double seconds) {
            this(current.received() - (previous == null ? 0 : previous.received()),
                    current.absorbed() - (previous == null ? 0 : previous.absorbed()),
                    current.forwarded() - (previous == null ? 0 : previous.forwarded()),
                    previous == null ? current.uptimeMillis() / 1000.0 : seconds);
        }

        double received() {
            return perSecond(dReceived);
        }

        double absorbed() {
            return perSecond(dAbsorbed);
        }

        double forwarded() {
            return perSecond(dForwarded);
        }

        double forwardedPerSecond() {
            return forwarded();
        }

        private double perSecond(long n) {
            // A counter that went down means the instance restarted: show nothing rather than a negative rate.
            return seconds <= 0 || n < 0 ? Double.NaN : n / seconds;
        }
    }

    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "-" : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    static String ratio(long received, long forwarded) {
        if (received <= 0) return "-";
        if (forwarded <= 0) return "all absorbed";
        return String.format(Locale.ROOT, "%.1fx", (double) received / forwarded);
    }

    static String share(long part, long whole) {
        return whole <= 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static String cap(Double cap, double forwardedPerSecond) {
        if (cap == null) return "(no cap)";
        if (Double.isNaN(forwardedPerSecond) || cap <= 0) return String.format(Locale.ROOT, "of cap %.1f/s", cap);
        return String.format(Locale.ROOT, "of cap %.1f/s (%.0f%%)", cap, 100 * forwardedPerSecond / cap);
    }

    static String uptime(long millis) {
        long s = Math.max(0, millis / 1000);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private static String orDash(Long n) {
        return n == null ? "-" : Long.toString(n);
    }
}
